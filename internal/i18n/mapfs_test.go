package i18n_test

import "testing/fstest"

// mapFS builds a file system of catalogue files from name -> text.
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}
