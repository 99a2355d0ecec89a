package weights

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"gpt2/model"
	"gpt2/quant"
)

// Format identifiers written in every manifest.
const (
	FormatName   = "gpt2-weights"
	Version      = 1
	ManifestFile = "model.json"
)

// Limits that bound what a corrupt manifest can ask for.
const (
	MaxManifest  = 16 << 20 // bytes of model.json
	MaxFrameSize = 16 << 20 // bytes of stream in one frame
	MaxShards    = 1 << 16
)

// Manifest is the content of model.json.
type Manifest struct {
	Format     string                  `json:"format"`
	Version    int                     `json:"version"`
	Config     model.Config            `json:"config"`
	Generation *model.GenerationConfig `json:"generation,omitempty"`
	Tokenizer  TokenizerRef            `json:"tokenizer"`
	FrameSize  int                     `json:"frame_size"`
	Shards     []Shard                 `json:"shards"`
	Tensors    []Tensor                `json:"tensors"`
}

// TokenizerRef says which tokenizer the model uses: Builtin "gpt2" for
// GPT-2's vocabulary (embedded in package tokenizer), or File, a file of the
// model folder in package tokenizer's compressed compact form, with its
// SHA-256.
type TokenizerRef struct {
	Builtin string `json:"builtin,omitempty"`
	File    string `json:"file,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
}

// Shard is one shard file: it holds the stream range [Start, End).
type Shard struct {
	File   string `json:"file"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Start  int64  `json:"start"`
	End    int64  `json:"end"`
}

// Tensor is one entry of the tensor table.
type Tensor struct {
	Name   string      `json:"name"`
	DType  quant.DType `json:"dtype"`
	Shape  []int       `json:"shape"`
	Shard  int         `json:"shard"`  // the shard holding the first byte
	Offset int64       `json:"offset"` // in the stream
	Size   int64       `json:"size"`   // bytes in the stream
}

// TensorSize returns the bytes a tensor of dtype and shape takes in the
// stream (see the package doc).
func TensorSize(d quant.DType, shape []int) int64 {
	n := int64(1)
	for _, s := range shape {
		n *= int64(s)
	}
	var nb int64
	if len(shape) == 2 {
		nb = int64(shape[0]) * int64(quant.BlocksPerRow(shape[1]))
	}
	switch d {
	case quant.F32:
		return 4 * n
	case quant.F16:
		return 2 * n
	case quant.Q8:
		return nb * (2 + quant.BlockSize)
	case quant.Q4:
		return nb * (2 + 2 + quant.BlockSize/2)
	}
	return 0
}

// ReadManifest reads and checks model.json: format and version, config,
// tensor table against the config, shards covering the stream.
func ReadManifest(r io.Reader) (*Manifest, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxManifest+1))
	if err != nil {
		return nil, fmt.Errorf("weights: %s: %w", ManifestFile, err)
	}
	if len(data) > MaxManifest {
		return nil, formatErr(ManifestFile, -1, "larger than %d bytes", MaxManifest)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Format != FormatName {
		return nil, formatErr(ManifestFile, -1, "not a model manifest (want JSON with \"format\": %q)", FormatName)
	}
	if head.Version != Version {
		return nil, &UnsupportedError{File: ManifestFile, Msg: fmt.Sprintf(
			"format version %d, this build reads version %d: re-run tools/convert to rewrite the model", head.Version, Version)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, formatErr(ManifestFile, dec.InputOffset(), "%v", err)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check verifies the manifest's consistency (ReadManifest calls it).
func (m *Manifest) Check() error {
	if err := m.Config.Validate(); err != nil {
		return formatErr(ManifestFile, -1, "%v", err)
	}
	if m.FrameSize < 4 || m.FrameSize > MaxFrameSize {
		return formatErr(ManifestFile, -1, "frame_size %d, want 4..%d", m.FrameSize, MaxFrameSize)
	}
	total, err := m.checkTensors()
	if err != nil {
		return err
	}
	if err := m.checkShards(total); err != nil {
		return err
	}
	return m.checkTokenizer()
}

// checkTensors checks the table against the config's tensor list and
// returns the stream's length.
func (m *Manifest) checkTensors() (int64, error) {
	specs := m.Config.Tensors()
	if len(m.Tensors) != len(specs) {
		return 0, formatErr(ManifestFile, -1, "%d tensors, the config implies %d", len(m.Tensors), len(specs))
	}
	var off int64
	for i, t := range m.Tensors {
		s := specs[i]
		if t.Name != s.Name {
			return 0, formatErr(ManifestFile, -1, "tensor %d is %q, want %q", i, t.Name, s.Name)
		}
		if !sameShape(t.Shape, s.Shape) {
			return 0, formatErr(ManifestFile, -1, "tensor %s has shape %v, the config implies %v", t.Name, t.Shape, s.Shape)
		}
		if !t.DType.Valid() || (s.Kind == model.Vector && t.DType != quant.F32) {
			return 0, formatErr(ManifestFile, -1, "tensor %s: dtype %v not allowed (vectors are f32, matrices f32, f16, q8 or q4)", t.Name, t.DType)
		}
		if want := TensorSize(t.DType, t.Shape); t.Size != want || t.Offset != off {
			return 0, formatErr(ManifestFile, -1, "tensor %s: offset %d size %d, want offset %d size %d", t.Name, t.Offset, t.Size, off, want)
		}
		off += t.Size
	}
	return off, nil
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkShards checks that the shards tile [0, total) and that each tensor
// names the shard of its first byte.
func (m *Manifest) checkShards(total int64) error {
	if len(m.Shards) == 0 || len(m.Shards) > MaxShards {
		return formatErr(ManifestFile, -1, "%d shards, want 1..%d", len(m.Shards), MaxShards)
	}
	var at int64
	names := map[string]bool{}
	for i, s := range m.Shards {
		if !validFileName(s.File) || names[s.File] {
			return formatErr(ManifestFile, -1, "shard %d: bad or repeated file name %q", i, s.File)
		}
		names[s.File] = true
		if s.Start != at || s.End <= s.Start || s.Size <= 0 {
			return formatErr(ManifestFile, -1, "shard %d (%s): range [%d, %d) size %d, want a non-empty range from %d", i, s.File, s.Start, s.End, s.Size, at)
		}
		if !validSHA256(s.SHA256) {
			return formatErr(ManifestFile, -1, "shard %d (%s): sha256 %q is not 64 hex digits", i, s.File, s.SHA256)
		}
		at = s.End
	}
	if at != total {
		return formatErr(ManifestFile, -1, "shards end at %d, the tensors take %d bytes", at, total)
	}
	for _, t := range m.Tensors {
		s := t.Shard
		if s < 0 || s >= len(m.Shards) || t.Offset < m.Shards[s].Start || t.Offset >= m.Shards[s].End {
			return formatErr(ManifestFile, -1, "tensor %s: shard %d does not hold its offset %d", t.Name, s, t.Offset)
		}
	}
	return nil
}

func (m *Manifest) checkTokenizer() error {
	t := m.Tokenizer
	switch {
	case t.Builtin == BuiltinGPT2 && t.File == "" && t.SHA256 == "":
		return nil
	case t.Builtin == "" && validFileName(t.File) && validSHA256(t.SHA256):
		return nil
	}
	return formatErr(ManifestFile, -1, "tokenizer: want {\"builtin\": %q} or a file name and its sha256, got %+v", BuiltinGPT2, t)
}

func validSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

// validFileName accepts plain file names of the folder: no directories,
// nothing a URL or a file system would read differently.
func validFileName(name string) bool {
	return name != "" && len(name) <= 255 && fs.ValidPath(name) && !strings.ContainsAny(name, "/\\:?#%")
}
