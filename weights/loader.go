package weights

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"

	"gpt2/model"
)

// Loader decodes shards into a model's tensors. Create it from a manifest,
// feed it every shard with LoadShard (in any order, concurrently for
// different shards), then take the weights.
type Loader struct {
	m        *Manifest
	w        *model.Weights
	secs     []section
	dec      *zstd.Decoder
	progress func(done, total int64)

	mu     sync.Mutex
	state  []shardState
	done   int64 // shard bytes read, all shards
	total  int64
	closed bool
}

type shardState uint8

const (
	shardPending shardState = iota
	shardLoading
	shardLoaded
)

// NewLoader allocates the model's tensors (the only allocation of their
// size) for a manifest from ReadManifest. progress, if not nil, is called
// with the shard bytes read so far and their total, from the goroutines
// calling LoadShard, one call at a time; it must not call the Loader.
func NewLoader(m *Manifest, progress func(done, total int64)) (*Loader, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if n := m.streamSize(); n > MaxModelBytes {
		return nil, &UnsupportedError{File: ManifestFile, Msg: fmt.Sprintf("the model takes %d bytes, more than this build's limit of %d", n, int64(MaxModelBytes))}
	}
	// The writer makes single-segment zstd frames: their window is their
	// content, at most a frame.
	limit := uint64(max(m.FrameSize, zstd.MinWindowSize))
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(4), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(limit), zstd.WithDecoderMaxWindow(limit))
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	w, err := allocate(m)
	if err != nil {
		dec.Close()
		return nil, err
	}
	ld := &Loader{m: m, w: w, secs: layout(w), dec: dec, progress: progress, state: make([]shardState, len(m.Shards))}
	for _, s := range m.Shards {
		ld.total += s.Size
	}
	return ld, nil
}

// Manifest returns the loader's manifest.
func (ld *Loader) Manifest() *Manifest { return ld.m }

// LoadShard reads shard i from r to its end, verifying its header, frames,
// size and SHA-256, and decodes it into the tensors. It may run
// concurrently for different shards. After an error the shard may be loaded
// again (a retried download).
func (ld *Loader) LoadShard(i int, r io.Reader) error {
	if err := ld.begin(i); err != nil {
		return err
	}
	err := ld.readShard(i, r)
	ld.mu.Lock()
	ld.state[i] = shardLoaded
	if err != nil {
		ld.state[i] = shardPending
	}
	ld.mu.Unlock()
	return err
}

func (ld *Loader) begin(i int) error {
	if i < 0 || i >= len(ld.m.Shards) {
		return fmt.Errorf("weights: shard %d does not exist (the manifest has %d)", i, len(ld.m.Shards))
	}
	ld.mu.Lock()
	defer ld.mu.Unlock()
	switch {
	case ld.closed:
		return fmt.Errorf("weights: loader already finished")
	case ld.state[i] == shardLoading:
		return fmt.Errorf("weights: %s is already being loaded", ld.m.Shards[i].File)
	case ld.state[i] == shardLoaded:
		return fmt.Errorf("weights: %s is already loaded", ld.m.Shards[i].File)
	}
	ld.state[i] = shardLoading
	return nil
}

// shardReader reads one shard, hashing and counting what it reads.
type shardReader struct {
	ld   *Loader
	s    *Shard
	r    io.Reader
	sum  hash.Hash
	read int64 // bytes of the file read
}

func (sr *shardReader) full(b []byte, what string) error {
	n, err := io.ReadFull(sr.r, b)
	sr.sum.Write(b[:n])
	sr.read += int64(n)
	sr.ld.advance(int64(n))
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return formatErr(sr.s.File, sr.read, "reading %s: %v (truncated download?)", what, err)
	}
	return nil
}

func (ld *Loader) readShard(i int, r io.Reader) error {
	s := &ld.m.Shards[i]
	sr := &shardReader{ld: ld, s: s, r: r, sum: sha256.New()}
	var hdr [shardHeaderSize]byte
	if err := sr.full(hdr[:], "shard header"); err != nil {
		return err
	}
	if string(hdr[:8]) != shardMagic {
		return formatErr(s.File, 0, "not a shard file (bad magic %q)", hdr[:8])
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != Version {
		return &UnsupportedError{File: s.File, Msg: fmt.Sprintf("shard version %d, this build reads version %d: re-run tools/convert to rewrite the model", v, Version)}
	}
	if n := binary.LittleEndian.Uint32(hdr[12:]); n != uint32(i) {
		return formatErr(s.File, 12, "this is shard %d, the manifest expects shard %d here", n, i)
	}
	if err := ld.readFrames(sr); err != nil {
		return err
	}
	var extra [1]byte
	if n, _ := io.ReadFull(r, extra[:]); n > 0 {
		return formatErr(s.File, sr.read, "data after the last frame (the manifest says the shard ends here)")
	}
	if sr.read != s.Size {
		return formatErr(s.File, -1, "%d bytes, the manifest says %d", sr.read, s.Size)
	}
	if got := hex.EncodeToString(sr.sum.Sum(nil)); got != s.SHA256 {
		return formatErr(s.File, -1, "SHA-256 %s, the manifest says %s (corrupt or stale file)", got, s.SHA256)
	}
	return nil
}

// readFrames decodes the frames of a shard into their sections, from the
// shard's start to its end in the stream.
func (ld *Loader) readFrames(sr *shardReader) error {
	fs := ld.m.FrameSize
	payload, raw, plain := make([]byte, fs), make([]byte, 0, fs), make([]byte, fs)
	pos := sr.s.Start
	si := findSection(ld.secs, pos)
	var fh [frameHeaderSize]byte
	for pos < sr.s.End {
		at := sr.read
		if err := sr.full(fh[:], "frame header"); err != nil {
			return err
		}
		h := parseFrameHeader(fh[:])
		if err := h.check(fs); err != nil {
			return formatErr(sr.s.File, at, "%v", err)
		}
		if err := sr.full(payload[:h.size], "frame"); err != nil {
			return err
		}
		data, err := ld.unpack(h, payload[:h.size], raw, plain)
		if err != nil {
			return formatErr(sr.s.File, at, "%v", err)
		}
		for si < len(ld.secs) && ld.secs[si].end <= pos {
			si++
		}
		sec := &ld.secs[si]
		end := pos + int64(h.raw)
		w := int64(sec.width())
		if end > sec.end || end > sr.s.End || (pos-sec.start)%w != 0 || int64(h.raw)%w != 0 {
			return formatErr(sr.s.File, at, "frame [%d, %d) of the stream does not fit tensor %s's section [%d, %d) of %d-byte values", pos, end, sec.tensor, sec.start, sec.end, w)
		}
		sec.decode(data, int((pos-sec.start)/w))
		pos = end
	}
	return nil
}

// unpack returns the raw stream bytes of a frame.
func (ld *Loader) unpack(h frameHeader, payload, raw, plain []byte) ([]byte, error) {
	if h.codec == codecStored {
		return payload, nil
	}
	out, err := ld.dec.DecodeAll(payload, raw[:0])
	if err != nil {
		return nil, fmt.Errorf("zstd: %v", err)
	}
	if len(out) != int(h.raw) {
		return nil, fmt.Errorf("zstd frame decodes to %d bytes, header says %d", len(out), h.raw)
	}
	if h.width == 1 {
		return out, nil
	}
	unshuffle(plain[:len(out)], out, int(h.width))
	return plain[:len(out)], nil
}

func (ld *Loader) advance(n int64) {
	if n == 0 || ld.progress == nil {
		return
	}
	ld.mu.Lock()
	defer ld.mu.Unlock()
	ld.done += n
	ld.progress(ld.done, ld.total)
}

// Weights returns the model once every shard is loaded, and releases the
// loader's decoder.
func (ld *Loader) Weights() (*model.Weights, error) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	var missing []error
	for i, st := range ld.state {
		if st != shardLoaded {
			missing = append(missing, fmt.Errorf("weights: %s not loaded", ld.m.Shards[i].File))
		}
	}
	if len(missing) > 0 {
		return nil, errors.Join(missing...)
	}
	if !ld.closed {
		ld.closed = true
		ld.dec.Close()
	}
	return ld.w, nil
}
