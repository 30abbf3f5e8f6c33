// Command generate records how Go's standard library treats the inputs katib4j must read exactly as Katib's Go
// metrics collector and controller do: strconv.ParseFloat, time.Parse(time.RFC3339Nano, ...), regexp find-all with
// Katib's TEXT line rules, and the JSON timestamp conversion. Run `go run generate.go > expected.json` in this
// directory (any Go >= 1.22; Katib v0.19.0 builds with Go 1.24).
package main

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var floats = []string{"0.3", ".98", "-7.53e-05", "1E0", "1.23E10", "5.", ".", "", " 1", "1 ", "+.5e3", "1e", "1e+",
	"inf", "+Inf", "-infinity", "Infinity", "infin", "nan", "NaN", "+nan", "-nan", "1e400", "-1e400", "1e-400",
	"4.9e-324", "1.7976931348623157e308", "1.7976931348623159e308", "0x1p-2", "0x1", "0x1.8p1", "0X.8P1", "0x_1p0",
	"1_000", "1_0.5", "1_e5", "_1", "1__0", "1_", "00012", "1,5", "0.1f", "1d", "unavailable", "Genotype(normal=1)",
	"-0", "+0.0", "٣", "0.30000000000000004", "123456789012345678901234567890"}

var timestamps = []string{"2021-12-02T14:27:50Z", "2021-12-02T14:27:50.123456789Z", "2021-12-02T14:27:50.1234567891Z",
	"2021-12-02T4:27:50Z", "2021-12-02T14:27:50,5Z", "2021-12-02T14:27:50+01:00", "2021-12-02T14:27:50.5-01:30",
	"2021-12-02T14:27:50+24:00", "2021-12-02T14:27:50+23:60", "2021-12-02T14:27:50+25:00", "2021-12-02T14:27:50+00:61",
	"2021-12-02T14:27:60Z", "2021-02-29T14:27:50Z", "2024-02-29T14:27:50Z", "2021-12-02t14:27:50z",
	"2021-12-02T14:27:50.Z", "2021-12-02T14:27:50+0100", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
	"2021-1-02T14:27:50Z", "2021-12-02T24:00:00Z", "2021-12-02 14:27:50Z", "2021-12-02T14:27:50", "20211202T142750Z",
	"2021-12-02T14:27:50Z ", "2021-13-02T14:27:50Z", "2021-12-32T14:27:50Z", "2021-12-02T14:7:50Z"}

type textCase struct {
	Metrics []string `json:"metrics"`
	Filters []string `json:"filters"`
	Lines   []string `json:"lines"`
}

var textCases = []textCase{
	{[]string{"loss", "accuracy", "Score"}, nil, []string{"loss=0.3", "accuracy = .98", "Score=-7.53e-05",
		"epoch 1: loss=0.31, accuracy=0.9, val-loss=0.4", "Score=1.23E10 Score=1E0", "loss=", "loss = abc",
		"loss:0.3", "2021-12-02T14:27:50Z loss=0.2", "2021-12-02T14:27:50+01:00 accuracy=0.5",
		"notatime loss=0.1", "loss=0.25\r", "lossy=0.1 loss=0.2", "my_loss=0.7", "loss|x=1", "loss=1.5.5",
		"\u00a0loss=0.1\u00a0", "loss=-.5e-3", "loss=+3", "loss\t=\t4", "loss =\v5", "αloss=1", "loss=٣"}},
	{[]string{"accuracy", "loss"}, []string{`{metricName: ([\w|-]+), metricValue: ((-?\d+)(\.\d+)?)}`},
		[]string{"{metricName: accuracy, metricValue: 0.8491}", "{metricName: loss, metricValue: -0.4}",
			"{metricName: accuracy, metricValue: 1}{metricName: loss, metricValue: 2.5}"}},
	{[]string{"valid_1 auc"}, []string{`(\w+\s\w+)\s:\s((-?\d+)(\.\d+)?)`},
		[]string{"[1]\tvalid_0's auc: 0.5\tvalid_1 auc : 0.853", "valid_1 auc : 0.9 valid_1 auc : 0.95"}},
	{[]string{"Best-Genotype"}, []string{`([\w-]+)=(Genotype.*)`},
		[]string{"Best-Genotype=Genotype(normal=[[('max_pooling_3x3', 0)]], normal_concat=range(2, 6))"}},
	{[]string{"loss"}, []string{`(loss)\s*:\s*(\S+)`, `(?i)(LOSS)=(\d+)`},
		[]string{"loss : 0.5", "LOSS=7", "loss=8", "loss : 1 loss : 2"}},
	{[]string{"loss"}, []string{`(\w+)=([[:digit:].]+)\b`, `(?P<name>\w+)\s(\d+)`, `(lo\x73s)=(\d\d?)`},
		[]string{"loss=12.5", "loss 7", "loss=123", "loss=1_x"}},
	{[]string{"loss"}, []string{`(\w+)x*=(\d*)`, `a*(loss)(=?)`}, []string{"loss=", "lossloss", "loss=1loss="}},
	{[]string{"loss", "lr"}, []string{`(?U)(\w+)=(\d+)`, `(l\w*?)\s*:\s*(.*?);`, `()(x*)`},
		[]string{"loss=123 lr=45", "lr : 1; loss : 2;", "lossx", "loss=é1"}},
	{[]string{"loss"}, []string{`((?:\S+\s*)+)=\s*(\S+)`, `(.*)=(.*)x`, `(\w+\s\w+)\s:\s(\S+)`},
		[]string{"loss a b c end", "loss = 1", "loss=1=2x", "a b : c loss : 3"}},
	{[]string{"loss"}, []string{`\b(loss)\B(\w)`, `(?i)(LOSS)\v(\d)`, `(\x{6c}oss)=([\d\pN]+)`},
		[]string{"lossy", "éloss_", "loss\v7", "Loss\v8", "loss=1٣"}},
}

var regexes = []string{`([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`, `(a)(?=b)`, `(a)(b)\1`, `(a*+)(b)`,
	`(a)(b){1001}`, `(?U)(a+)(b)`, `(a)(b{,2})`, `(a)[[:alpha:]](b)`, `(a)([[:foo:]])`, `(a)\Z(b)`, `(a)\8(b)`,
	`(?<=a)(b)`, `(a)(?>b)`, `(?<n>a)(b)`, `(?P<n>a)(?P=n)`, `(a)\C(b)`, `(a)\v(b)`, `(a){2}{3}(b)`, `(a)(b`,
	`(a)[b-a]`, `(a)\pN(\p{Greek})`, `(a)\p{Foo}`, `(a)(?i-s:b)`, `(a)(?x)b`, `(a)\Q.*\E(b)`, `[[:^alpha:]]`,
	`((a{100}){100}){100}`, `(a{2}){500}`, `(a{2}){501}`, `(?:a{2}|b{3}){334}`, `(?:a{2}|b{3}){333}`, `(a{2,}){501}`,
	`(a{0,}){1000}`, `(a{500}){0}`, `(a{0}|b){1000}`, `((a){1}){1000}`, `(?P<n>a{10})(?i:b{2}){50}`, `([{]{10}){100}`,
	`(\{{10}){101}`, `(a{01}){600}`, `(\Q{9}\E{9}){112}`, `([[:alpha:]{]{9}){112}`, `(x{2}){1000}`,
	strings.Repeat("(", 5000) + "a" + strings.Repeat(")", 5000)}

type textRecord struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Timestamp string `json:"timestamp"`
}

func main() {
	out := map[string]interface{}{}
	var parsed []map[string]interface{}
	for _, s := range floats {
		f, err := strconv.ParseFloat(s, 64)
		entry := map[string]interface{}{"text": s, "ok": err == nil}
		if err == nil {
			entry["value"] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		parsed = append(parsed, entry)
	}
	out["parseFloat"] = parsed
	var times []map[string]interface{}
	for _, s := range timestamps {
		t, err := time.Parse(time.RFC3339Nano, s)
		entry := map[string]interface{}{"text": s, "ok": err == nil}
		if err == nil {
			entry["utc"] = t.UTC().Format(time.RFC3339Nano)
		}
		times = append(times, entry)
	}
	out["rfc3339Nano"] = times
	var texts []map[string]interface{}
	for _, c := range textCases {
		records := []textRecord{}
		for _, line := range c.Lines {
			records = append(records, parseLine(line, c.Metrics, c.Filters)...)
		}
		texts = append(texts, map[string]interface{}{"metrics": c.Metrics, "filters": c.Filters, "lines": c.Lines,
			"records": records})
	}
	out["text"] = texts
	var compiles []map[string]interface{}
	for _, r := range regexes {
		_, err := regexp.Compile(r)
		compiles = append(compiles, map[string]interface{}{"regex": r, "ok": err == nil})
	}
	out["compile"] = compiles
	var seconds []map[string]interface{}
	for _, f := range []float64{1638455270, 1638455270.5, 1638455270.123456, -5.5, 0.000001, 1e19, 1e-30, 1.5e9} {
		seconds = append(seconds, map[string]interface{}{"seconds": f, "timestamp": jsonTimestamp(f)})
	}
	out["jsonSeconds"] = seconds
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(out); err != nil {
		panic(err)
	}
}

// parseLine applies Katib's TEXT rules to one line: substring filter, RFC 3339 prefix, find-all, exact names.
func parseLine(line string, metrics []string, filters []string) []textRecord {
	if len(filters) == 0 {
		filters = []string{`([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`}
	}
	contains := false
	for _, m := range metrics {
		contains = contains || strings.Contains(line, m)
	}
	if !contains {
		return nil
	}
	timestamp := time.Time{}.UTC().Format(time.RFC3339)
	if parts := strings.SplitN(line, " ", 2); len(parts) == 2 {
		if _, err := time.Parse(time.RFC3339Nano, parts[0]); err == nil {
			timestamp = parts[0]
		}
	}
	var records []textRecord
	for _, filter := range filters {
		for _, match := range regexp.MustCompile(filter).FindAllStringSubmatch(line, -1) {
			if len(match) < 3 {
				continue
			}
			name, value := strings.TrimSpace(match[1]), strings.TrimSpace(match[2])
			for _, m := range metrics {
				if name == m {
					records = append(records, textRecord{name, value, timestamp})
					break
				}
			}
		}
	}
	return records
}

// jsonTimestamp converts Unix seconds as Katib's File collector does: the digits after the point count nanoseconds.
func jsonTimestamp(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return ""
	}
	parts := strings.Split(strconv.FormatFloat(f, 'f', -1, 64), ".")
	sec, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return ""
	}
	var nsec int64
	if len(parts) == 2 {
		if nsec, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
			return ""
		}
	}
	return time.Unix(sec, nsec).UTC().Format(time.RFC3339Nano)
}
