package weights_test

import (
	"fmt"
	"os"
	"path/filepath"

	"gpt2/weights"
)

// The browser's way to load a model: read the manifest, then feed each
// shard's bytes to the loader as they arrive (here from files, one after
// the other; a browser fetches a few at once).
func ExampleNewLoader() {
	dir := "testdata/tiny"
	f, err := os.Open(filepath.Join(dir, weights.ManifestFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := weights.ReadManifest(f)
	f.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	ld, err := weights.NewLoader(m, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range m.Shards {
		f, err := os.Open(filepath.Join(dir, s.File))
		if err != nil {
			fmt.Println(err)
			return
		}
		err = ld.LoadShard(i, f) // checks size, SHA-256 and every frame
		f.Close()
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	w, err := ld.Weights()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(m.Shards), "shards;", w.WTE.DType, "wte", w.WTE.Rows, "x", w.WTE.Cols)
	// Output: 3 shards; q8 wte 257 x 8
}
