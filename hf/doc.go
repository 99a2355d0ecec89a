// Package hf reads a Hugging Face GPT-2 checkpoint folder: config.json,
// generation_config.json (optional) and the weights in safetensors, either
// one model.safetensors or shards listed by model.safetensors.index.json.
//
// Safetensors (https://huggingface.co/docs/safetensors) is
//
//	[8 bytes]  N, little-endian uint64, the header length
//	[N bytes]  JSON: {"name": {"dtype": "F32", "shape": [..],
//	           "data_offsets": [begin, end]}, ..., "__metadata__": {..}}
//	[rest]     the data section; offsets are relative to its start, the
//	           tensors cover it exactly, without holes or overlaps.
//
// Values are little-endian F32, F16 or BF16; they are converted to float32.
//
// Key layouts. openai-community/gpt2 stores unprefixed names (wte.weight,
// h.0.attn.c_attn.weight, ...) and the causal-mask buffers h.N.attn.bias
// and h.N.attn.masked_bias, which are skipped. GPT2LMHeadModel's
// save_pretrained prefixes every name with "transformer." and may store
// lm_head.weight, accepted only when it equals wte.weight (the tied head).
//
// Layout. HF's Conv1D stores a linear layer's weight as [in, out]; the
// engine stores [out, in] (see model.Config.Tensors), so the four Conv1D
// weights of each block are transposed, as nanoGPT's from_pretrained does:
//
//	h.N.attn.c_attn.weight  HF [C, 3C] -> [3C, C]
//	h.N.attn.c_proj.weight  HF [C, C]  -> [C, C]
//	h.N.mlp.c_fc.weight     HF [C, 4C] -> [4C, C]
//	h.N.mlp.c_proj.weight   HF [4C, C] -> [C, 4C]
//
// wte.weight [V, C] and wpe.weight [P, C] are embeddings and keep their
// layout. Every shape is checked against the one implied by config.json.
package hf
