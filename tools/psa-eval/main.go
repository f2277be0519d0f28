// Command psa-eval evaluates pods against the upstream Pod Security Standards
// implementation (k8s.io/pod-security-admission) at the Baseline and Restricted
// levels, latest policy version.
//
// It reads one JSON array of pods ({"metadata": ..., "spec": ...}, core/v1) from
// stdin and writes one JSON line per pod, in input order:
//
//	{"index": 0, "baseline": {"allowed": true, "reasons": []}, "restricted": {...}}
//
// Each reason is the upstream forbidden reason, followed by its detail in
// parentheses when there is one. Unknown fields in a pod are an error, so a typo
// in a test generator cannot silently turn into an allowed pod.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type verdict struct {
	Allowed bool     `json:"allowed"`
	Reasons []string `json:"reasons"`
}

type result struct {
	Index      int     `json:"index"`
	Baseline   verdict `json:"baseline"`
	Restricted verdict `json:"restricted"`
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "psa-eval:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return fmt.Errorf("building evaluator: %w", err)
	}
	var raw []json.RawMessage
	if err := json.NewDecoder(in).Decode(&raw); err != nil {
		return fmt.Errorf("reading the pod array from stdin: %w", err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	for i, doc := range raw {
		var pod corev1.Pod
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&pod); err != nil {
			return fmt.Errorf("pod %d: %w", i, err)
		}
		defaultVolumeSources(&pod.Spec)
		r := result{
			Index:      i,
			Baseline:   evaluate(evaluator, api.LevelBaseline, &pod),
			Restricted: evaluate(evaluator, api.LevelRestricted, &pod),
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return w.Flush()
}

// defaultVolumeSources does what the API server's defaulting does before admission: a volume
// with no source is an emptyDir (SetDefaults_Volume in k8s.io/kubernetes/pkg/apis/core/v1). The
// library evaluates the pod as given, so without this it would call such a volume "unknown" and
// refuse a pod the cluster admits (upstream fixture restricted/v1.37/pass/restrictedvolumes0.yaml).
func defaultVolumeSources(spec *corev1.PodSpec) {
	for i := range spec.Volumes {
		if spec.Volumes[i].VolumeSource == (corev1.VolumeSource{}) {
			spec.Volumes[i].EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
	}
}

func evaluate(e policy.Evaluator, level api.Level, pod *corev1.Pod) verdict {
	lv := api.LevelVersion{Level: level, Version: api.LatestVersion()}
	agg := policy.AggregateCheckResults(e.EvaluatePod(lv, &pod.ObjectMeta, &pod.Spec))
	v := verdict{Allowed: agg.Allowed, Reasons: []string{}}
	for i, reason := range agg.ForbiddenReasons {
		if detail := agg.ForbiddenDetails[i]; detail != "" {
			reason += " (" + detail + ")"
		}
		v.Reasons = append(v.Reasons, reason)
	}
	return v
}
