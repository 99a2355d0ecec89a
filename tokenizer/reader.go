package tokenizer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ReadOpenAI reads OpenAI's encoder.json (token -> id) and vocab.bpe (the
// merges, one "left right" pair a line in rank order after a "#version"
// line), as encoder.py's get_encoder does.
func ReadOpenAI(encoderJSON, vocabBPE io.Reader) (*Tokenizer, error) {
	return readFiles("encoder.json", encoderJSON, "vocab.bpe", vocabBPE)
}

// ReadHF reads Hugging Face's vocab.json and merges.txt, which have the same
// content as OpenAI's encoder.json and vocab.bpe.
func ReadHF(vocabJSON, mergesTxt io.Reader) (*Tokenizer, error) {
	return readFiles("vocab.json", vocabJSON, "merges.txt", mergesTxt)
}

func readFiles(vocabName string, vocab io.Reader, mergesName string, merges io.Reader) (*Tokenizer, error) {
	var v map[string]int
	if err := json.NewDecoder(vocab).Decode(&v); err != nil {
		return nil, errorf("%s: %v", vocabName, err)
	}
	m, err := readMerges(mergesName, merges)
	if err != nil {
		return nil, err
	}
	return fromSpelled(vocabName, v, mergesName, m)
}

// readMerges reads a merges file: an optional "#version" first line, then
// lines of two space-separated tokens; empty lines are skipped.
func readMerges(name string, r io.Reader) ([][2]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var merges [][2]string
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSuffix(sc.Text(), "\r")
		if s == "" || (line == 1 && strings.HasPrefix(s, "#version")) {
			continue
		}
		l, r, ok := strings.Cut(s, " ")
		if !ok || l == "" || r == "" || strings.Contains(r, " ") {
			return nil, errorf("%s line %d: %q is not two tokens separated by one space", name, line, clip(s))
		}
		merges = append(merges, [2]string{l, r})
	}
	if err := sc.Err(); err != nil {
		return nil, errorf("%s: %v", name, err)
	}
	return merges, nil
}

// fromSpelled builds a Tokenizer from a vocabulary and merges spelled as
// the files spell them (the byte-level alphabet).
func fromSpelled(vocabName string, vocab map[string]int, mergesName string, merges [][2]string) (*Tokenizer, error) {
	V := len(vocab)
	tokens, literal, seen := make([]string, V), make([]bool, V), make([]bool, V)
	for s, id := range vocab {
		if id < 0 || id >= V {
			return nil, errorf("%s: token %q has id %d, outside [0, %d): ids must be 0..V-1", vocabName, clip(s), id, V)
		}
		if seen[id] {
			return nil, errorf("%s: id %d is given to two tokens (one is %q)", vocabName, id, clip(s))
		}
		seen[id] = true
		if b, ok := byteLevelDecode(s); ok {
			tokens[id] = string(b)
		} else {
			tokens[id], literal[id] = s, true
		}
	}
	pairs := make([][2]int32, len(merges))
	for i, m := range merges {
		for j, s := range m {
			id, ok := vocab[s]
			if !ok {
				return nil, errorf("%s merge %d: token %q is not in %s", mergesName, i, clip(s), vocabName)
			}
			pairs[i][j] = int32(id)
		}
	}
	return build(tokens, literal, pairs)
}

// ReadHFJSON reads a Hugging Face tokenizer.json holding a byte-level BPE
// model (model.vocab, model.merges as "a b" strings or ["a", "b"] pairs,
// and added_tokens such as <|endoftext|>).
func ReadHFJSON(r io.Reader) (*Tokenizer, error) {
	var f struct {
		Model struct {
			Type   string            `json:"type"`
			Vocab  map[string]int    `json:"vocab"`
			Merges []json.RawMessage `json:"merges"`
		} `json:"model"`
		PreTokenizer *struct {
			Type string `json:"type"`
		} `json:"pre_tokenizer"`
		AddedTokens []struct {
			ID      int    `json:"id"`
			Content string `json:"content"`
		} `json:"added_tokens"`
	}
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, errorf("tokenizer.json: %v", err)
	}
	if f.Model.Type != "" && f.Model.Type != "BPE" {
		return nil, errorf("tokenizer.json: model type %q is not BPE", f.Model.Type)
	}
	if f.PreTokenizer != nil && f.PreTokenizer.Type != "ByteLevel" {
		return nil, errorf("tokenizer.json: pre_tokenizer %q is not GPT-2's ByteLevel", f.PreTokenizer.Type)
	}
	if f.Model.Vocab == nil {
		f.Model.Vocab = map[string]int{}
	}
	for _, a := range f.AddedTokens {
		if id, ok := f.Model.Vocab[a.Content]; ok && id != a.ID {
			return nil, errorf("tokenizer.json: added token %q has id %d, the vocabulary says %d", clip(a.Content), a.ID, id)
		}
		f.Model.Vocab[a.Content] = a.ID
	}
	merges := make([][2]string, len(f.Model.Merges))
	for i, raw := range f.Model.Merges {
		m, err := parseJSONMerge(raw)
		if err != nil {
			return nil, errorf("tokenizer.json merge %d: %v", i, err)
		}
		merges[i] = m
	}
	return fromSpelled("tokenizer.json", f.Model.Vocab, "tokenizer.json", merges)
}

// parseJSONMerge reads one merge of tokenizer.json: "a b" or ["a", "b"].
func parseJSONMerge(raw json.RawMessage) ([2]string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		l, r, ok := strings.Cut(s, " ")
		if !ok || l == "" || r == "" || strings.Contains(r, " ") {
			return [2]string{}, fmt.Errorf("%q is not two tokens separated by one space", clip(s))
		}
		return [2]string{l, r}, nil
	}
	var p []string
	if err := json.Unmarshal(raw, &p); err != nil || len(p) != 2 || p[0] == "" || p[1] == "" {
		return [2]string{}, fmt.Errorf("%s is neither \"a b\" nor [\"a\", \"b\"]", clip(string(raw)))
	}
	return [2]string{p[0], p[1]}, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
