package weights

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"

	"github.com/klauspost/compress/zstd"

	"gpt2/model"
	"gpt2/quant"
	"gpt2/tokenizer"
)

// Defaults of Options.
const (
	DefaultShardSize = 24 << 20
	DefaultFrameSize = 1 << 20
)

// Options control Write. Zero values take the defaults.
type Options struct {
	ShardSize  int64 // largest shard file in bytes
	FrameSize  int   // largest frame in stream bytes (multiple of 4)
	NoCompress bool  // store every frame as is
}

func (o Options) withDefaults() (Options, error) {
	if o.ShardSize == 0 {
		o.ShardSize = DefaultShardSize
	}
	if o.FrameSize == 0 {
		o.FrameSize = int(min(DefaultFrameSize, o.ShardSize-shardHeaderSize-frameHeaderSize))
		o.FrameSize -= o.FrameSize % 4
	}
	if o.FrameSize < 4 || o.FrameSize > MaxFrameSize || o.FrameSize%4 != 0 {
		return o, fmt.Errorf("weights: frame size %d, want a multiple of 4 in 4..%d", o.FrameSize, MaxFrameSize)
	}
	if o.ShardSize < int64(o.FrameSize)+shardHeaderSize+frameHeaderSize {
		return o, fmt.Errorf("weights: shard size %d cannot hold a frame of %d bytes", o.ShardSize, o.FrameSize)
	}
	return o, nil
}

// Write writes the model folder for w: the shards, then model.json, each
// through create (tools pass a function that creates files). The manifest
// records gen and the tokenizer tok: GPT-2's (or nil) is named as builtin,
// another is written to TokenizerFile. It returns the manifest written.
func Write(w *model.Weights, gen *model.GenerationConfig, tok *tokenizer.Tokenizer, opts Options, create func(name string) (io.WriteCloser, error)) (*Manifest, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := w.Check(); err != nil {
		return nil, err
	}
	ref, err := writeTokenizer(tok, w.Config.VocabSize, create)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: FormatName, Version: Version, Config: w.Config, Generation: gen, Tokenizer: ref, FrameSize: opts.FrameSize}
	for _, p := range w.Params() {
		d := quant.F32
		if p.Kind == model.Matrix {
			d = (*p.Matrix).DType
		}
		m.Tensors = append(m.Tensors, Tensor{Name: p.Name, DType: d, Shape: p.Shape, Size: TensorSize(d, p.Shape)})
	}
	sw, err := newShardWriter(m, opts, create)
	if err != nil {
		return nil, err
	}
	defer sw.enc.Close()
	for _, s := range layout(w) {
		if err := sw.section(&s); err != nil {
			sw.abort()
			return nil, err
		}
	}
	if err := sw.closeShard(); err != nil {
		return nil, err
	}
	m.placeTensors()
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("weights: writer produced a bad manifest (a bug): %w", err)
	}
	return m, writeManifest(m, create)
}

// placeTensors sets each tensor's offset and the shard of its first byte.
func (m *Manifest) placeTensors() {
	var off int64
	s := 0
	for i := range m.Tensors {
		t := &m.Tensors[i]
		for m.Shards[s].End <= off {
			s++
		}
		t.Offset, t.Shard = off, s
		off += t.Size
	}
}

func writeManifest(m *Manifest, create func(string) (io.WriteCloser, error)) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	f, err := create(ManifestFile)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("weights: %s: %w", ManifestFile, err)
	}
	return f.Close()
}

// shardWriter cuts the stream into frames and the frames into shards.
type shardWriter struct {
	m      *Manifest
	opts   Options
	create func(string) (io.WriteCloser, error)
	enc    *zstd.Encoder

	cur  io.WriteCloser // the open shard, nil between shards
	sum  hash.Hash
	size int64 // bytes written to cur
	pos  int64 // stream offset

	raw, shuf, comp, hdr []byte
}

func newShardWriter(m *Manifest, opts Options, create func(string) (io.WriteCloser, error)) (*shardWriter, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
		zstd.WithEncoderConcurrency(1), zstd.WithSingleSegment(true))
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	return &shardWriter{m: m, opts: opts, create: create, enc: enc,
		raw: make([]byte, opts.FrameSize), shuf: make([]byte, opts.FrameSize)}, nil
}

// section writes the frames of one section.
func (sw *shardWriter) section(s *section) error {
	w := s.width()
	per := sw.opts.FrameSize / w
	count := int(s.end-s.start) / w
	for first := 0; first < count; first += per {
		n := min(per, count-first)
		raw := sw.raw[:n*w]
		if err := s.encode(raw, first); err != nil {
			return err
		}
		if err := sw.frame(raw, w); err != nil {
			return err
		}
	}
	return nil
}

// frame writes one frame of raw stream bytes of values width bytes wide,
// compressed when that saves at least 1%.
func (sw *shardWriter) frame(raw []byte, width int) error {
	h := frameHeader{codec: codecStored, width: 1, raw: uint32(len(raw)), size: uint32(len(raw))}
	payload := raw
	if !sw.opts.NoCompress {
		src := raw
		if width > 1 {
			src = sw.shuf[:len(raw)]
			shuffle(src, raw, width)
		}
		sw.comp = sw.enc.EncodeAll(src, sw.comp[:0])
		if len(sw.comp)*100 <= len(raw)*99 {
			h = frameHeader{codec: codecZstd, width: uint8(width), raw: uint32(len(raw)), size: uint32(len(sw.comp))}
			payload = sw.comp
		}
	}
	need := int64(frameHeaderSize + len(payload))
	if sw.cur != nil && sw.size+need > sw.opts.ShardSize {
		if err := sw.closeShard(); err != nil {
			return err
		}
	}
	if sw.cur == nil {
		if err := sw.openShard(); err != nil {
			return err
		}
	}
	sw.hdr = h.append(sw.hdr[:0])
	if err := sw.write(sw.hdr); err != nil {
		return err
	}
	sw.pos += int64(len(raw))
	return sw.write(payload)
}

func (sw *shardWriter) openShard() error {
	i := len(sw.m.Shards)
	name := fmt.Sprintf("shard-%03d.bin", i)
	f, err := sw.create(name)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	sw.cur, sw.sum, sw.size = f, sha256.New(), 0
	sw.m.Shards = append(sw.m.Shards, Shard{File: name, Start: sw.pos})
	hdr := append([]byte(shardMagic), make([]byte, 8)...)
	binary.LittleEndian.PutUint32(hdr[8:], Version)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(i))
	return sw.write(hdr)
}

func (sw *shardWriter) write(b []byte) error {
	if _, err := sw.cur.Write(b); err != nil {
		return fmt.Errorf("weights: %s: %w", sw.m.Shards[len(sw.m.Shards)-1].File, err)
	}
	sw.sum.Write(b)
	sw.size += int64(len(b))
	return nil
}

func (sw *shardWriter) closeShard() error {
	s := &sw.m.Shards[len(sw.m.Shards)-1]
	s.End, s.Size, s.SHA256 = sw.pos, sw.size, hex.EncodeToString(sw.sum.Sum(nil))
	err := sw.cur.Close()
	sw.cur = nil
	if err != nil {
		return fmt.Errorf("weights: %s: %w", s.File, err)
	}
	return nil
}

func (sw *shardWriter) abort() {
	if sw.cur != nil {
		sw.cur.Close()
	}
}
