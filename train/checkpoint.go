package train

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"

	"gpt2/model"
)

// Checkpoint file layout (little-endian):
//
//	magic   [8]byte "GPT2TRN\x00"
//	version uint32  (CheckpointVersion)
//	hlen    uint32  length of the JSON header
//	header  [hlen]byte JSON: config, options, step, rng, params
//	params  [params]float32  in the order of Config.Tensors
//	m, v    [params]float32  Adam moments, same order
//	crc     uint32  CRC-32 (IEEE) of params, m and v
const (
	checkpointMagic   = "GPT2TRN\x00"
	CheckpointVersion = 1
	maxHeader         = 1 << 20
)

type checkpointHeader struct {
	Config  model.Config `json:"config"`
	Options Options      `json:"options"`
	Step    int          `json:"step"`
	RNG     []byte       `json:"rng"` // the batch sampler's PCG state
	Params  int64        `json:"params"`
	Best    *Best        `json:"best,omitempty"`
}

// WriteCheckpoint saves the trainer's whole state.
func (tr *Trainer) WriteCheckpoint(w io.Writer) error {
	rng, err := tr.pcg.MarshalBinary()
	if err != nil {
		return fmt.Errorf("train: checkpoint: %w", err)
	}
	p := tr.Model.Params
	h, err := json.Marshal(checkpointHeader{Config: p.Config, Options: tr.Options, Step: tr.Step, RNG: rng, Best: tr.Best, Params: int64(len(p.Data))})
	if err != nil {
		return fmt.Errorf("train: checkpoint: %w", err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	head := binary.LittleEndian.AppendUint32([]byte(checkpointMagic), CheckpointVersion)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(h)))
	bw.Write(head)
	bw.Write(h)
	crc := crc32.NewIEEE()
	out := io.MultiWriter(bw, crc)
	for _, buf := range [][]float32{p.Data, tr.M, tr.V} {
		if err := binary.Write(out, binary.LittleEndian, buf); err != nil {
			return fmt.Errorf("train: checkpoint: %w", err)
		}
	}
	bw.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("train: checkpoint: %w", err)
	}
	return nil
}

// ReadCheckpoint restores a trainer saved by WriteCheckpoint, training on d
// (which must be the same data for the run to continue exactly).
func ReadCheckpoint(r io.Reader, d *Data) (*Trainer, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var head [16]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		return nil, fmt.Errorf("train: checkpoint header: %w", err)
	}
	if string(head[:8]) != checkpointMagic {
		return nil, errors.New("train: not a training checkpoint (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(head[8:]); v != CheckpointVersion {
		return nil, fmt.Errorf("train: checkpoint version %d, this build reads %d; HINT: resume with the tools/train that wrote it, or start again", v, CheckpointVersion)
	}
	hlen := binary.LittleEndian.Uint32(head[12:])
	if hlen > maxHeader {
		return nil, fmt.Errorf("train: checkpoint header of %d bytes, more than %d", hlen, maxHeader)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, fmt.Errorf("train: checkpoint header: %w", err)
	}
	var h checkpointHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("train: checkpoint header: %w", err)
	}
	g, err := NewGPT[float32](h.Config)
	if err != nil {
		return nil, fmt.Errorf("train: checkpoint: %w", err)
	}
	if int64(len(g.Params.Data)) != h.Params {
		return nil, fmt.Errorf("train: checkpoint holds %d parameters, its config implies %d", h.Params, len(g.Params.Data))
	}
	tr, err := NewTrainer(g, d, h.Options)
	if err != nil {
		return nil, err
	}
	if err := tr.pcg.UnmarshalBinary(h.RNG); err != nil {
		return nil, fmt.Errorf("train: checkpoint rng: %w", err)
	}
	tr.rng = rand.New(tr.pcg)
	tr.Step, tr.Best = h.Step, h.Best
	crc := crc32.NewIEEE()
	in := io.TeeReader(br, crc)
	for i, buf := range [][]float32{g.Params.Data, tr.M, tr.V} {
		if err := binary.Read(in, binary.LittleEndian, buf); err != nil {
			return nil, fmt.Errorf("train: checkpoint section %d of 3: %w", i+1, err)
		}
	}
	var sum [4]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, fmt.Errorf("train: checkpoint checksum: %w", err)
	}
	if binary.LittleEndian.Uint32(sum[:]) != crc.Sum32() {
		return nil, errors.New("train: checkpoint checksum mismatch (file corrupt or truncated)")
	}
	return tr, nil
}
