// Package model is GPT-2: its configuration, its one list of tensors, its
// weights in any encoding of package quant, and the forward pass.
//
// Shape legend: T tokens, C channels (n_embd), H heads, D = C/H head size,
// F MLP width (4C), P positions (n_positions), V vocabulary, L layers.
//
// Linear weights are stored [out, in] (nn.Linear's layout, nanoGPT's), the
// transpose of Hugging Face's Conv1D [in, out]; the converter owns that
// convention. The output head is tied to wte.weight.
//
// # Forward pass
//
// For T new tokens ids at positions n..n+T-1 (Session.Append), following
// nanoGPT's model.py and GPT-2's original TensorFlow code:
//
//	x = wte[ids] + wpe[n..n+T-1]                          [T, C]
//	for each block h.0 .. h.{L-1}:
//	    a = ln_1(x)                                       [T, C]
//	    q, k, v = split(a c_attnᵀ + b)                    [T, C] each
//	    cache[n..n+T-1] = k, v                            [P, C] per layer
//	    y[t, h] = Σ_{j<=n+t} softmax_j(q[t,h]·k[j,h]/√D) v[j,h]   causal, per head
//	    x = x + y c_projᵀ + b
//	    x = x + gelu(ln_2(x) c_fcᵀ + b) mlp.c_projᵀ + b   [T, F] hidden
//	logits = ln_f(x) wteᵀ                                 [T, V]
//
// with LayerNorm(x) = (x - mean) / √(var + ε) · weight + bias over C, and
// GPT-2's tanh GELU, gelu(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
//
// A prompt is one pass of matrix-matrix products over its T positions;
// each generated token is one more pass with T = 1 that reads the keys
// and values of the earlier positions from the KV cache. Matrix products
// run through package kernels (weights dequantized inside the kernels)
// and are split by rows across the Model's goroutines (Options.Threads).
// All arithmetic is float32, except the LayerNorm statistics and the
// softmax normalizer, accumulated in float64.
//
// References: Radford et al. 2019, "Language Models are Unsupervised
// Multitask Learners"; karpathy/nanoGPT model.py; Hugging Face
// transformers' GPT2LMHeadModel (whose checkpoints package hf reads).
package model
