package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gpt2/tokenizer"
)

type options struct {
	jsonl, decode, count, special, skipSpecial bool
	vocab, writeCompact                        string
}

// run is the command: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tokenize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.BoolVar(&o.jsonl, "jsonl", false, `read lines {"text": ...}, write {"text": ..., "ids": [...]} (or "count") per line`)
	fs.BoolVar(&o.decode, "decode", false, "read token ids (space, comma or newline separated) and write their text")
	fs.BoolVar(&o.count, "count", false, "write only the number of tokens")
	fs.BoolVar(&o.special, "special", false, "encode the text <|endoftext|> as its id 50256 instead of as plain text")
	fs.BoolVar(&o.skipSpecial, "skip-special", false, "leave special tokens out when decoding")
	fs.StringVar(&o.vocab, "vocab", "", "folder with vocab.json+merges.txt, encoder.json+vocab.bpe or tokenizer.json (default GPT-2's, built in)")
	fs.StringVar(&o.writeCompact, "write-compact", "", "write the tokenizer's compressed compact form to this file and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tokenize [flags] < input\n\nText on stdin -> token ids on one line, space-separated.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || (o.decode && (o.jsonl || o.count || o.special)) {
		fmt.Fprintln(stderr, "tokenize: -decode takes no -jsonl, -count or -special, and no arguments")
		return 2
	}
	tok, err := loadTokenizer(o.vocab)
	if err == nil {
		err = dispatch(tok, o, stdin, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tokenize:", err)
		return 1
	}
	return 0
}

func dispatch(tok *tokenizer.Tokenizer, o options, stdin io.Reader, stdout io.Writer) error {
	w := bufio.NewWriter(stdout)
	var err error
	switch {
	case o.writeCompact != "":
		return writeCompact(tok, o.writeCompact)
	case o.decode:
		err = decodeIDs(tok, o.skipSpecial, stdin, w)
	case o.jsonl:
		err = encodeJSONL(tok, o, stdin, w)
	default:
		err = encodeText(tok, o, stdin, w)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// loadTokenizer returns GPT-2's tokenizer, or the one whose files are in dir.
func loadTokenizer(dir string) (*tokenizer.Tokenizer, error) {
	if dir == "" {
		return tokenizer.GPT2()
	}
	for _, pair := range [][2]string{{"vocab.json", "merges.txt"}, {"encoder.json", "vocab.bpe"}} {
		v, errV := os.Open(filepath.Join(dir, pair[0]))
		m, errM := os.Open(filepath.Join(dir, pair[1]))
		if errV == nil && errM == nil {
			defer v.Close()
			defer m.Close()
			return tokenizer.ReadHF(v, m)
		}
		if errV == nil {
			v.Close()
		}
		if errM == nil {
			m.Close()
		}
	}
	f, err := os.Open(filepath.Join(dir, "tokenizer.json"))
	if err != nil {
		return nil, fmt.Errorf("%s holds neither vocab.json + merges.txt, encoder.json + vocab.bpe nor tokenizer.json", dir)
	}
	defer f.Close()
	return tokenizer.ReadHFJSON(f)
}

func writeCompact(tok *tokenizer.Tokenizer, name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := tok.WriteCompressed(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func encode(tok *tokenizer.Tokenizer, o options, text string) []int {
	if o.special {
		return tok.EncodeSpecial(text)
	}
	return tok.Encode(text)
}

// encodeText writes the ids of all of stdin on one line, or their count.
func encodeText(tok *tokenizer.Tokenizer, o options, r io.Reader, w io.Writer) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ids := encode(tok, o, string(b))
	if o.count {
		_, err = fmt.Fprintln(w, len(ids))
		return err
	}
	line := make([]byte, 0, 6*len(ids)+1)
	for i, id := range ids {
		if i > 0 {
			line = append(line, ' ')
		}
		line = strconv.AppendInt(line, int64(id), 10)
	}
	_, err = w.Write(append(line, '\n'))
	return err
}

// encodeJSONL encodes each line {"text": ...}.
func encodeJSONL(tok *tokenizer.Tokenizer, o options, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var in struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			return fmt.Errorf("line %d: not JSON: %v", line, err)
		}
		if in.Text == nil {
			return fmt.Errorf(`line %d: no "text" string`, line)
		}
		ids := encode(tok, o, *in.Text)
		var err error
		if o.count {
			err = enc.Encode(struct {
				Text  string `json:"text"`
				Count int    `json:"count"`
			}{*in.Text, len(ids)})
		} else {
			err = enc.Encode(struct {
				Text string `json:"text"`
				IDs  []int  `json:"ids"`
			}{*in.Text, append([]int{}, ids...)})
		}
		if err != nil {
			return err
		}
	}
	return sc.Err()
}

// decodeIDs reads ids separated by spaces, commas or newlines (a leading
// "[" and trailing "]" are allowed, so a JSON list works) and writes their
// text. All ids are checked before any text is written.
func decodeIDs(tok *tokenizer.Tokenizer, skipSpecial bool, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	var ids []int
	for line := 1; sc.Scan(); line++ {
		fields := strings.FieldsFunc(sc.Text(), func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '[' || r == ']'
		})
		for _, f := range fields {
			id, err := strconv.Atoi(f)
			if err != nil {
				return fmt.Errorf("line %d: %q is not a token id", line, f)
			}
			if _, err := tok.Token(id); err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			ids = append(ids, id)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	text, err := tok.Decode(ids, skipSpecial)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, text)
	return err
}
