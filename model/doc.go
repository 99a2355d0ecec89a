// Package model is GPT-2: its configuration, its one list of tensors, its
// weights in any encoding of package quant, and the forward pass.
//
// Shape legend: T tokens, C channels (n_embd), H heads, D = C/H head size,
// F MLP width (4C), P positions (n_positions), V vocabulary, L layers.
//
// Linear weights are stored [out, in] (nn.Linear's layout, nanoGPT's), the
// transpose of Hugging Face's Conv1D [in, out]; the converter owns that
// convention. The output head is tied to wte.weight.
package model
