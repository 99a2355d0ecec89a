package hf

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"gpt2/model"
	"gpt2/quant"
)

// Checkpoint is a Hugging Face GPT-2 checkpoint in the engine's layout.
type Checkpoint struct {
	Config     model.Config
	Generation *model.GenerationConfig // nil without generation_config.json
	// Tensors holds every tensor of Config.Tensors() by name, float32, in
	// the engine's layout (Conv1D weights transposed to [out, in]).
	Tensors map[string][]float32
	// SourceDTypes counts the tensors read per safetensors dtype ("F16": 40).
	SourceDTypes map[string]int
	// TokenizerFiles lists the tokenizer files present in the folder, among
	// vocab.json, merges.txt and tokenizer.json.
	TokenizerFiles []string
}

// Files of a checkpoint folder.
const (
	ConfigFile       = "config.json"
	GenerationFile   = "generation_config.json"
	SafetensorsFile  = "model.safetensors"
	SafetensorsIndex = "model.safetensors.index.json"
)

var tokenizerFiles = []string{"vocab.json", "merges.txt", "tokenizer.json"}

// Load reads the checkpoint folder fsys (tools pass os.DirFS(dir)).
func Load(fsys fs.FS) (*Checkpoint, error) {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return nil, fmt.Errorf("hf: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, err
	}
	ck := &Checkpoint{Config: cfg}
	if data, err = readOptional(fsys, GenerationFile); err != nil {
		return nil, fmt.Errorf("hf: %w", err)
	} else if data != nil {
		if ck.Generation, err = ParseGenerationConfig(data); err != nil {
			return nil, err
		}
	}
	files, err := weightFiles(fsys)
	if err != nil {
		return nil, err
	}
	rd := newReader(cfg)
	for _, f := range files {
		if err := rd.readFile(fsys, f); err != nil {
			return nil, err
		}
	}
	if err := rd.finish(); err != nil {
		return nil, err
	}
	ck.Tensors, ck.SourceDTypes = rd.tensors, rd.dtypes
	for _, name := range tokenizerFiles {
		if _, err := fs.Stat(fsys, name); err == nil {
			ck.TokenizerFiles = append(ck.TokenizerFiles, name)
		}
	}
	return ck, nil
}

// Weights encodes the checkpoint's tensors for the engine, each matrix in
// dtype(spec) (nil means F32 everywhere); vectors stay float32.
func (c *Checkpoint) Weights(dtype func(model.TensorSpec) quant.DType) (*model.Weights, error) {
	if dtype == nil {
		dtype = func(model.TensorSpec) quant.DType { return quant.F32 }
	}
	return model.FromFloat32(c.Config, c.Tensors, dtype)
}

// weightFiles lists the safetensors files of the folder: the shards named
// by model.safetensors.index.json, or model.safetensors.
func weightFiles(fsys fs.FS) ([]string, error) {
	data, err := readOptional(fsys, SafetensorsIndex)
	if err != nil {
		return nil, fmt.Errorf("hf: %w", err)
	}
	if data == nil {
		if _, err := fs.Stat(fsys, SafetensorsFile); err != nil {
			return nil, unsupported(SafetensorsFile, "no %s or %s in the folder (pytorch_model.bin is not read: save with safe_serialization=True)", SafetensorsFile, SafetensorsIndex)
		}
		return []string{SafetensorsFile}, nil
	}
	var index struct {
		WeightMap map[string]string `json:"weight_map"`
	}
	if err := json.Unmarshal(data, &index); err != nil {
		return nil, formatErr(SafetensorsIndex, -1, "%v", err)
	}
	var files []string
	for name, f := range index.WeightMap {
		if !fs.ValidPath(f) || !strings.HasSuffix(f, ".safetensors") {
			return nil, formatErr(SafetensorsIndex, -1, "tensor %q: bad shard name %q", name, f)
		}
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, formatErr(SafetensorsIndex, -1, "weight_map is empty")
	}
	slices.Sort(files)
	return files, nil
}

// role is what a safetensors key is to the engine.
type role int

const (
	roleUnknown role = iota
	roleTensor       // one of Config.Tensors
	roleBuffer       // the causal-mask buffers, skipped
	roleHead         // lm_head.weight, must equal wte.weight
)

// reader collects the tensors of one checkpoint across its files.
type reader struct {
	specs   map[string]model.TensorSpec
	tensors map[string][]float32
	dtypes  map[string]int
	head    []float32
	headAt  string
}

func newReader(cfg model.Config) *reader {
	rd := &reader{specs: map[string]model.TensorSpec{}, tensors: map[string][]float32{}, dtypes: map[string]int{}}
	for _, s := range cfg.Tensors() {
		rd.specs[s.Name] = s
	}
	return rd
}

// classify maps a safetensors key to its engine name and role.
func (rd *reader) classify(key string) (string, role) {
	name := strings.TrimPrefix(key, "transformer.")
	switch {
	case key == "lm_head.weight":
		return key, roleHead
	case rd.specs[name].Name != "":
		return name, roleTensor
	case strings.HasPrefix(name, "h.") && (strings.HasSuffix(name, ".attn.bias") || strings.HasSuffix(name, ".attn.masked_bias")):
		return name, roleBuffer
	}
	return name, roleUnknown
}

func (rd *reader) readFile(fsys fs.FS, file string) error {
	f, err := fsys.Open(file)
	if err != nil {
		return fmt.Errorf("hf: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("hf: %w", err)
	}
	br := bufio.NewReaderSize(f, 1<<20)
	h, err := ReadHeader(file, br, st.Size())
	if err != nil {
		return err
	}
	for i := range h.Tensors {
		if _, r := rd.classify(h.Tensors[i].Name); r == roleUnknown {
			return unsupported(file, "unexpected tensor %q (not a GPT-2 weight)", h.Tensors[i].Name)
		}
	}
	keep := func(t *TensorInfo) bool { _, r := rd.classify(t.Name); return r != roleBuffer }
	return h.ReadTensors(br, keep, func(t *TensorInfo, raw []byte) error {
		return rd.add(file, t, raw)
	})
}

// add checks one tensor's dtype and shape, converts it to float32 in the
// engine's layout and stores it.
func (rd *reader) add(file string, t *TensorInfo, raw []byte) error {
	name, r := rd.classify(t.Name)
	vals, ok := DecodeFloats(t.DType, raw)
	if !ok {
		return unsupported(file, "tensor %q has dtype %s (want F32, F16 or BF16)", t.Name, t.DType)
	}
	rd.dtypes[t.DType]++
	if r == roleHead {
		if rd.head != nil {
			return formatErr(file, -1, "tensor %q appears twice", t.Name)
		}
		rd.head, rd.headAt = vals, file
		return checkShape(file, t, rd.specs["wte.weight"].Shape)
	}
	spec := rd.specs[name]
	if _, dup := rd.tensors[name]; dup {
		return formatErr(file, -1, "tensor %q appears twice", t.Name)
	}
	if !isConv1D(spec) {
		if err := checkShape(file, t, spec.Shape); err != nil {
			return err
		}
		rd.tensors[name] = vals
		return nil
	}
	out, in := spec.Shape[0], spec.Shape[1]
	if err := checkShape(file, t, []int{in, out}); err != nil {
		return err
	}
	rd.tensors[name] = Transpose(vals, in, out)
	return nil
}

// isConv1D reports whether HF stores the tensor as a Conv1D weight
// [in, out]: every matrix except the embeddings.
func isConv1D(s model.TensorSpec) bool {
	return s.Kind == model.Matrix && s.Name != "wte.weight" && s.Name != "wpe.weight"
}

func checkShape(file string, t *TensorInfo, want []int) error {
	ok := len(t.Shape) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = t.Shape[i] == int64(want[i])
	}
	if !ok {
		return formatErr(file, -1, "tensor %q has shape %v, config.json implies %v", t.Name, t.Shape, want)
	}
	return nil
}

// finish checks that every tensor was found and that lm_head, if present,
// is tied to wte.
func (rd *reader) finish() error {
	var missing []string
	for name := range rd.specs {
		if _, ok := rd.tensors[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return &FormatError{File: "checkpoint", Offset: -1, Msg: fmt.Sprintf("missing tensors %s", strings.Join(missing, ", "))}
	}
	if rd.head != nil && !slices.EqualFunc(rd.head, rd.tensors["wte.weight"], sameFloat) {
		return unsupported(rd.headAt, "lm_head.weight differs from wte.weight: untied lm_head not supported")
	}
	return nil
}

func sameFloat(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }

// Transpose returns the [cols, rows] transpose of the row-major [rows, cols]
// matrix src.
func Transpose(src []float32, rows, cols int) []float32 {
	dst := make([]float32, len(src))
	const tile = 32
	for r0 := 0; r0 < rows; r0 += tile {
		for c0 := 0; c0 < cols; c0 += tile {
			for r := r0; r < min(r0+tile, rows); r++ {
				for c := c0; c < min(c0+tile, cols); c++ {
					dst[c*rows+r] = src[r*cols+c]
				}
			}
		}
	}
	return dst
}
