// Command katib-oracle runs Katib v0.19.0's own defaulting, admission validation and trial rendering on a batch of
// experiments, so katib4j's Java implementation can be compared with the real thing without a cluster.
//
// Input: one JSON case per line on stdin. Output: one JSON result per line on stdout, in the same order.
// See README.md beside this file for the protocol.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	goruntime "runtime"
	"runtime/debug"
	"strings"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	configv1beta1 "github.com/kubeflow/katib/pkg/apis/config/v1beta1"
	apis "github.com/kubeflow/katib/pkg/apis/controller"
	commonv1beta1 "github.com/kubeflow/katib/pkg/apis/controller/common/v1beta1"
	experimentsv1beta1 "github.com/kubeflow/katib/pkg/apis/controller/experiments/v1beta1"
	"github.com/kubeflow/katib/pkg/controller.v1beta1/consts"
	"github.com/kubeflow/katib/pkg/controller.v1beta1/experiment/manifest"
	"github.com/kubeflow/katib/pkg/webhook/v1beta1/experiment/validator"
)

// katibVersion is the Katib release whose code and default configuration this program embeds.
const katibVersion = "v0.19.0"

type configMapInput struct {
	Name      string            `json:"name"`
	Namespace string            `json:"namespace"`
	Data      map[string]string `json:"data"`
}

type caseInput struct {
	ID             string           `json:"id"`
	Experiment     json.RawMessage  `json:"experiment"`
	OldExperiment  json.RawMessage  `json:"oldExperiment"`
	ConfigMaps     []configMapInput `json:"configMaps"`
	Assignments    json.RawMessage  `json:"assignments"`
	TrialName      string           `json:"trialName"`
	TrialNamespace string           `json:"trialNamespace"`
	KatibConfig    *string          `json:"katibConfig"`
	RenderInvalid  bool             `json:"renderInvalid"`
}

type fieldError struct {
	Field   string `json:"field"`
	Type    string `json:"type"`
	Detail  string `json:"detail"`
	Message string `json:"message"`
}

// caseResult leaves a field null when its stage did not run, so "not run" is never confused with "ran and found
// nothing".
type caseResult struct {
	ID               string          `json:"id"`
	DecodeError      *string         `json:"decodeError"`
	Defaulted        json.RawMessage `json:"defaulted"`
	ValidationErrors []fieldError    `json:"validationErrors"`
	Stopped          *bool           `json:"stopped"`
	TemplateText     *string         `json:"templateText"`
	RunSpec          json.RawMessage `json:"runSpec"`
	RenderError      *string         `json:"renderError"`
	Panic            *string         `json:"panic,omitempty"`
}

type oracle struct {
	decoder    admission.Decoder
	baseClient client.Client
}

func newOracle() (*oracle, error) {
	// The same scheme as Katib's controller (cmd/katib-controller/v1beta1/main.go), whose manager hands it to the
	// webhook decoder and the client that reads katib-config.
	scheme := runtime.NewScheme()
	utilruntime.Must(apis.AddToScheme(scheme))
	utilruntime.Must(configv1beta1.AddToScheme(scheme))
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))

	configText, err := defaultKatibConfigText()
	if err != nil {
		return nil, err
	}
	var base client.Client
	if err := recovered(func() {
		base = fake.NewClientBuilder().WithScheme(scheme).WithObjects(katibConfigMap(configText)).Build()
	}); err != nil {
		return nil, fmt.Errorf("building the fake client: %w", err)
	}
	return &oracle{decoder: admission.NewDecoder(scheme), baseClient: base}, nil
}

// defaultKatibConfig is manifests/v1beta1/installs/katib-standalone/katib-config.yaml of Katib v0.19.0, the
// configuration every standard install ships; only the parts admission and rendering read matter here, but the
// whole runtime section is kept so algorithm and collector lookups see exactly the shipped entries.
func defaultKatibConfig() *configv1beta1.KatibConfig {
	image := func(name string) string { return "ghcr.io/kubeflow/katib/" + name + ":" + katibVersion }
	suggestion := func(algorithm, img string) configv1beta1.SuggestionConfig {
		s := configv1beta1.SuggestionConfig{AlgorithmName: algorithm}
		s.Image = image(img)
		return s
	}
	webhookPort := 8443
	return &configv1beta1.KatibConfig{
		TypeMeta: metav1.TypeMeta{APIVersion: configv1beta1.GroupVersion.String(), Kind: "KatibConfig"},
		InitConfig: configv1beta1.InitConfig{
			CertGeneratorConfig: configv1beta1.CertGeneratorConfig{Enable: true},
			ControllerConfig: configv1beta1.ControllerConfig{
				WebhookPort: &webhookPort,
				TrialResources: []string{
					"TrainJob.v1alpha1.trainer.kubeflow.org",
					"Job.v1.batch",
					"TFJob.v1.kubeflow.org",
					"PyTorchJob.v1.kubeflow.org",
					"MPIJob.v1.kubeflow.org",
					"XGBoostJob.v1.kubeflow.org",
				},
			},
		},
		RuntimeConfig: configv1beta1.RuntimeConfig{
			MetricsCollectorConfigs: []configv1beta1.MetricsCollectorConfig{
				{CollectorKind: string(commonv1beta1.StdOutCollector), Image: image("file-metrics-collector")},
				{CollectorKind: string(commonv1beta1.FileCollector), Image: image("file-metrics-collector")},
				{CollectorKind: string(commonv1beta1.TfEventCollector), Image: image("tfevent-metrics-collector"),
					Resource: corev1.ResourceRequirements{Limits: corev1.ResourceList{
						corev1.ResourceMemory: resource.MustParse("1Gi")}}},
			},
			SuggestionConfigs: []configv1beta1.SuggestionConfig{
				suggestion("random", "suggestion-hyperopt"),
				suggestion("tpe", "suggestion-hyperopt"),
				suggestion("grid", "suggestion-optuna"),
				suggestion("hyperband", "suggestion-hyperband"),
				suggestion("bayesianoptimization", "suggestion-skopt"),
				suggestion("cmaes", "suggestion-goptuna"),
				suggestion("sobol", "suggestion-goptuna"),
				suggestion("multivariate-tpe", "suggestion-optuna"),
				withMemoryLimit(suggestion("enas", "suggestion-enas"), "400Mi"),
				suggestion("darts", "suggestion-darts"),
				withPBTVolume(suggestion("pbt", "suggestion-pbt")),
			},
			EarlyStoppingConfigs: []configv1beta1.EarlyStoppingConfig{
				{AlgorithmName: "medianstop", Image: image("earlystopping-medianstop")},
			},
		},
	}
}

func withMemoryLimit(s configv1beta1.SuggestionConfig, limit string) configv1beta1.SuggestionConfig {
	s.Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(limit)}
	return s
}

func withPBTVolume(s configv1beta1.SuggestionConfig) configv1beta1.SuggestionConfig {
	s.PersistentVolumeClaimSpec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
	s.PersistentVolumeClaimSpec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")}
	return s
}

// defaultKatibConfigText serialises the default configuration so that it reaches Katib through the same path as in a
// cluster: the katib-config ConfigMap, decoded and defaulted by pkg/util/v1beta1/katibconfig on every lookup. It is
// written as JSON, which is YAML too: Katib's decoder recognises it and skips the YAML-to-JSON step it would otherwise
// repeat on each of the three lookups per validation.
func defaultKatibConfigText() (string, error) {
	out, err := json.Marshal(defaultKatibConfig())
	if err != nil {
		return "", fmt.Errorf("serialising the default katib-config: %w", err)
	}
	return string(out), nil
}

func katibConfigMap(configText string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: consts.KatibConfigMapName, Namespace: consts.DefaultKatibNamespace},
		Data:       map[string]string{consts.LabelKatibConfigTag: configText},
	}
}

// overlayClient is the shared fake client with a case's own ConfigMaps laid over it. Katib reads ConfigMaps only
// through Get (katibconfig.fromConfigMap, katibclient.GetConfigMap), and building a fresh fake client per case costs
// milliseconds, most of it registering the scheme again.
type overlayClient struct {
	client.Client
	configMaps map[client.ObjectKey]*corev1.ConfigMap
}

func (c overlayClient) Get(
	ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption,
) error {
	if target, ok := obj.(*corev1.ConfigMap); ok {
		if found, ok := c.configMaps[key]; ok {
			found.DeepCopyInto(target)
			return nil
		}
	}
	return c.Client.Get(ctx, key, obj, opts...)
}

// clientFor returns the shared client, with the case's katib-config and ConfigMaps over it when it brings any.
func (o *oracle) clientFor(in *caseInput) client.Client {
	if in.KatibConfig == nil && len(in.ConfigMaps) == 0 {
		return o.baseClient
	}
	configMaps := make(map[client.ObjectKey]*corev1.ConfigMap, len(in.ConfigMaps)+1)
	if in.KatibConfig != nil {
		cm := katibConfigMap(*in.KatibConfig)
		configMaps[client.ObjectKeyFromObject(cm)] = cm
	}
	for _, given := range in.ConfigMaps {
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: given.Name, Namespace: given.Namespace},
			Data:       given.Data,
		}
		configMaps[client.ObjectKeyFromObject(cm)] = cm
	}
	return overlayClient{Client: o.baseClient, configMaps: configMaps}
}

// decodeNew decodes an incoming object the way both Katib webhooks do: controller-runtime's admission decoder over
// the controller's scheme (pkg/webhook/v1beta1/experiment/mutate_webhook.go, validation_webhook.go).
func (o *oracle) decodeNew(raw []byte) (*experimentsv1beta1.Experiment, error) {
	exp := &experimentsv1beta1.Experiment{}
	if err := o.decoder.DecodeRaw(runtime.RawExtension{Raw: raw}, exp); err != nil {
		return nil, err
	}
	return exp, nil
}

// admit models what the API server stores for a create or update: the mutating webhook defaults a copy, answers with
// a JSON patch from the request to json.Marshal of that copy, so the stored object is exactly that marshalled form;
// the validating webhook and the controller later decode that form again. Decoding it again matters: fields the
// marshalled form omits, such as an empty trialParameters list, are gone for the validator.
func (o *oracle) admit(raw []byte) (defaulted []byte, stored *experimentsv1beta1.Experiment, err error) {
	exp, err := o.decodeNew(raw)
	if err != nil {
		return nil, nil, err
	}
	expDefault := exp.DeepCopy()
	expDefault.SetDefault()
	defaulted, err = json.Marshal(expDefault)
	if err != nil {
		return nil, nil, fmt.Errorf("marshalling the defaulted experiment: %w", err)
	}
	stored, err = o.decodeNew(defaulted)
	if err != nil {
		return defaulted, nil, fmt.Errorf("decoding the defaulted experiment again: %w", err)
	}
	return defaulted, stored, nil
}

// decodeOld turns the case's old experiment into what the validating webhook reads for an update: the stored object
// (defaulted when it was created; SetDefault is idempotent, so an already defaulted input is unchanged), decoded with
// encoding/json as validation_webhook.go does for OldObject.
func (o *oracle) decodeOld(raw []byte) (*experimentsv1beta1.Experiment, error) {
	defaulted, _, err := o.admit(raw)
	if err != nil {
		return nil, err
	}
	old := &experimentsv1beta1.Experiment{}
	if err := json.NewDecoder(bytes.NewBuffer(defaulted)).Decode(&old); err != nil {
		return nil, err
	}
	return old, nil
}

func (o *oracle) run(in *caseInput) (res caseResult) {
	res.ID = in.ID
	stage := "decode"
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprintf("%s: %v\n%s", stage, p, debug.Stack())
			res.Panic = &msg
		}
	}()

	if isAbsent(in.Experiment) {
		res.DecodeError = ptr("the case has no experiment")
		return res
	}
	defaulted, stored, err := o.admit(in.Experiment)
	if err != nil {
		res.DecodeError = ptr(err.Error())
		return res
	}
	res.Defaulted = defaulted

	var old *experimentsv1beta1.Experiment
	if !isAbsent(in.OldExperiment) {
		stage = "decodeOld"
		if old, err = o.decodeOld(in.OldExperiment); err != nil {
			res.DecodeError = ptr("oldExperiment: " + err.Error())
			return res
		}
	}

	generator := manifest.New(o.clientFor(in))

	stage = "validate"
	errs := validator.New(generator).ValidateExperiment(stored, old)
	res.ValidationErrors = toFieldErrors(errs)
	res.Stopped = ptr(stoppedAfterObjective(errs))
	if (len(errs) > 0 && !in.RenderInvalid) || isAbsent(in.Assignments) {
		return res
	}

	stage = "render"
	var assignments []commonv1beta1.ParameterAssignment
	if err := json.Unmarshal(in.Assignments, &assignments); err != nil {
		res.RenderError = ptr("assignments: " + err.Error())
		return res
	}
	trialNamespace := in.TrialNamespace
	if trialNamespace == "" {
		// The experiment controller creates trials in the experiment's namespace (getTrialInstance).
		trialNamespace = stored.Namespace
	}
	// GetRunSpecWithHyperParameters reads the template the same way again; asking first only reports the text.
	if text, err := generator.GetTrialTemplate(stored); err == nil {
		res.TemplateText = &text
	}
	runSpec, err := generator.GetRunSpecWithHyperParameters(stored, in.TrialName, trialNamespace, assignments)
	if err != nil {
		res.RenderError = ptr(err.Error())
		return res
	}
	if res.RunSpec, err = json.Marshal(runSpec); err != nil {
		res.RenderError = ptr("marshalling the run spec: " + err.Error())
	}
	return res
}

// stoppedAfterObjective tells whether ValidateExperiment returned right after the objective checks, which it does
// whenever one of them fails; no later step reports under spec.objective.
func stoppedAfterObjective(errs field.ErrorList) bool {
	for _, e := range errs {
		if e.Field == "spec.objective" || strings.HasPrefix(e.Field, "spec.objective.") {
			return true
		}
	}
	return false
}

func toFieldErrors(errs field.ErrorList) []fieldError {
	out := make([]fieldError, 0, len(errs))
	for _, e := range errs {
		out = append(out, fieldError{Field: e.Field, Type: string(e.Type), Detail: e.Detail, Message: e.Error()})
	}
	return out
}

func isAbsent(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}

func recovered(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	f()
	return nil
}

func ptr[T any](v T) *T { return &v }

func main() {
	// Katib's validator logs through controller-runtime; without a logger controller-runtime warns on stderr.
	logf.SetLogger(logr.Discard())

	o, err := newOracle()
	if err != nil {
		fmt.Fprintln(os.Stderr, "katib-oracle:", err)
		os.Exit(1)
	}
	array := flag.Bool("array", false, "read one JSON array of cases and write one indented JSON array of results,"+
		" for files kept in the repository, instead of JSON lines")
	flag.Parse()
	if *array {
		err = serveArray(o, os.Stdin, os.Stdout)
	} else {
		err = serve(o, os.Stdin, os.Stdout, goruntime.GOMAXPROCS(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "katib-oracle:", err)
		os.Exit(1)
	}
}

// serveArray answers a JSON array of cases with an indented JSON array of results, in the same order.
func serveArray(o *oracle, stdin io.Reader, stdout io.Writer) error {
	var cases []json.RawMessage
	if err := json.NewDecoder(stdin).Decode(&cases); err != nil {
		return fmt.Errorf("reading a JSON array of cases: %w", err)
	}
	results := make([]json.RawMessage, 0, len(cases))
	for _, c := range cases {
		results = append(results, bytes.TrimSpace(o.answer(c)))
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(out, '\n'))
	return err
}

// answer turns one input line into one output line; it never fails, whatever the line holds.
func (o *oracle) answer(line []byte) []byte {
	var c caseInput
	var res caseResult
	if err := json.Unmarshal(line, &c); err != nil {
		res = caseResult{ID: c.ID, DecodeError: ptr("the case line is not a valid case: " + err.Error())}
	} else {
		res = o.run(&c)
	}
	encoded, err := json.Marshal(res)
	if err != nil {
		encoded, _ = json.Marshal(caseResult{ID: c.ID, Panic: ptr("encoding the result: " + err.Error())})
	}
	return append(encoded, '\n')
}

// serve answers every non-blank input line with exactly one output line, in input order, running cases on several
// workers. It flushes whenever no case is waiting, so a client that writes a batch and then reads never deadlocks,
// while a large batch is written in big chunks.
func serve(o *oracle, stdin io.Reader, stdout io.Writer, workers int) error {
	type job struct {
		line []byte
		done chan []byte
	}
	jobs := make(chan job, 4*workers)
	inOrder := make(chan chan []byte, 4*workers)
	for i := 0; i < workers; i++ {
		go func() {
			for j := range jobs {
				j.done <- o.answer(j.line)
			}
		}()
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(inOrder)
		defer close(jobs)
		in := bufio.NewReaderSize(stdin, 1<<20)
		for {
			line, err := in.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				done := make(chan []byte, 1)
				inOrder <- done
				jobs <- job{line: line, done: done}
			}
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				readErr <- err
				return
			}
		}
	}()

	out := bufio.NewWriterSize(stdout, 1<<20)
	var writeErr error
	for done := range inOrder {
		if _, err := out.Write(<-done); err != nil && writeErr == nil {
			writeErr = err
		}
		if len(inOrder) == 0 && writeErr == nil {
			writeErr = out.Flush()
		}
	}
	if err := out.Flush(); err != nil && writeErr == nil {
		writeErr = err
	}
	if err := <-readErr; err != nil {
		return err
	}
	return writeErr
}
