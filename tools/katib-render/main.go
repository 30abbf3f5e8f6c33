// Command katib-render renders trial templates with Katib's own trial-template generator (kubeflow/katib v0.19.0,
// pkg/controller.v1beta1/experiment/manifest), so that katib4j's renderer can be tested against the real thing.
//
// It reads a JSON array of cases on stdin and writes a JSON array of results on stdout. A case is
//
//	{"name": "...", "experiment": {...}, "trialName": "...", "assignments": [{"name": "...", "value": "..."}],
//	 "configMaps": {"<namespace>/<name>": {"<key>": "<template text>"}}}
//
// and its result is {"name": "...", "templateText": "...", "runSpec": {...}} or {"name": "...", "error": "..."}.
// templateText is the text Katib substitutes placeholders in (GetTrialTemplate); runSpec is the object Katib puts
// in Trial.spec.runSpec (GetRunSpecWithHyperParameters).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	commonv1beta1 "github.com/kubeflow/katib/pkg/apis/controller/common/v1beta1"
	experimentsv1beta1 "github.com/kubeflow/katib/pkg/apis/controller/experiments/v1beta1"
	"github.com/kubeflow/katib/pkg/controller.v1beta1/experiment/manifest"
)

type renderCase struct {
	Name        string                            `json:"name"`
	Experiment  json.RawMessage                   `json:"experiment"`
	TrialName   string                            `json:"trialName"`
	Assignments []commonv1beta1.ParameterAssignment `json:"assignments"`
	ConfigMaps  map[string]map[string]string      `json:"configMaps,omitempty"`
}

type renderResult struct {
	Name         string                 `json:"name"`
	TemplateText string                 `json:"templateText,omitempty"`
	RunSpec      map[string]interface{} `json:"runSpec,omitempty"`
	Error        string                 `json:"error,omitempty"`
}

func main() {
	var cases []renderCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "cannot read the cases:", err)
		os.Exit(2)
	}
	results := make([]renderResult, 0, len(cases))
	for _, c := range cases {
		results = append(results, render(c))
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	if err := out.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "cannot write the results:", err)
		os.Exit(2)
	}
}

func render(c renderCase) renderResult {
	result := renderResult{Name: c.Name}
	experiment := &experimentsv1beta1.Experiment{}
	if err := json.Unmarshal(c.Experiment, experiment); err != nil {
		result.Error = "decode experiment: " + err.Error()
		return result
	}
	generator := manifest.New(fakeClient(c.ConfigMaps))
	text, err := generator.GetTrialTemplate(experiment)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	result.TemplateText = text
	runSpec, err := generator.GetRunSpecWithHyperParameters(experiment, c.TrialName, experiment.Namespace, c.Assignments)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	result.RunSpec = runSpec.Object
	return result
}

func fakeClient(configMaps map[string]map[string]string) client.Client {
	scheme := runtime.NewScheme()
	_ = corev1.AddToScheme(scheme)
	builder := fake.NewClientBuilder().WithScheme(scheme)
	for key, data := range configMaps {
		namespace, name, _ := strings.Cut(key, "/")
		builder = builder.WithObjects(&corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
			Data:       data,
		})
	}
	return builder.Build()
}
