// imageref reads image references, one per line on stdin, and writes for each one line of JSON with what the
// kubelet makes of it: k8s.io/kubernetes/pkg/util/parsers.ParseImageName, the function the kubelet pulls with
// (InvalidImageName when it fails) and the API server defaults imagePullPolicy with. The console's own reading
// (OciReferences) is compared with it by OciReferencesOracleTest.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"k8s.io/kubernetes/pkg/util/parsers"
)

type result struct {
	Input  string `json:"input"`
	Valid  bool   `json:"valid"`
	Repo   string `json:"repo"`
	Tag    string `json:"tag"`
	Digest string `json:"digest"`
	Error  string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		line := in.Text()
		repo, tag, digest, err := parsers.ParseImageName(line)
		r := result{Input: line, Valid: err == nil, Repo: repo, Tag: tag, Digest: digest}
		if err != nil {
			r.Error = err.Error()
		}
		if encodeErr := out.Encode(r); encodeErr != nil {
			os.Exit(1)
		}
	}
	if in.Err() != nil {
		os.Exit(1)
	}
}
