package io.github.katib4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialSpec;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.local.LocalKatib;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report of a real local experiment in headless Chromium, from Debian's {@code chromium} package, and
 * checks what a person would see: the page's script ran, each plot has a mark per trial with a value, the table a row
 * per trial, and a screenshot shows the plots' colours.
 */
class HtmlReportBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String SKIP = "KATIB4J_SKIP_BROWSER_TESTS";
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  static Path dir;

  private static Path html;
  private static int trials;
  private static int withValues;

  @BeforeAll
  static void chromiumAndReport() {
    requireChromium();
    report();
  }

  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    if ("true".equals(System.getenv(SKIP))) {
      Assumptions.abort(CHROMIUM + " is missing and " + SKIP + "=true, so the report is not checked in a browser");
    }
    fail(CHROMIUM + " is missing, and this test opens the HTML report in headless Chromium. Install Debian's"
        + " chromium package (apt-get install chromium), or set " + SKIP + "=true to skip browser tests");
  }

  /** Ten trials: most report a loss; some fail, and some end without the objective metric. */
  private static void report() {
    Experiment experiment = Experiment.builder()
        .name("browser")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("x", -5, 5), Parameter.doubleRange("y", -5, 5),
            Parameter.categorical("optimizer", "sgd", "adam"))
        .parallelTrialCount(2)
        .maxTrialCount(10)
        .maxFailedTrialCount(10)
        .build();
    try (LocalKatib katib = LocalKatib.builder().directory(dir.resolve("runs")).seed(3).build()) {
      Experiment done = katib.run(experiment, trial -> {
        double x = trial.doubleValue("x");
        double y = trial.doubleValue("y");
        if (x > 2.5) {
          throw new IllegalStateException("diverged");
        }
        return y > 3 ? Map.of("accuracy", 0.5) : Map.of("loss", (x - 1) * (x - 1) + (y + 2) * (y + 2));
      }, Duration.ofSeconds(60));
      List<Trial> all = katib.trials(ExperimentRef.of(done));
      trials = all.size();
      withValues = (int) all.stream().filter(t -> t.status().orElseThrow().is(TrialConditionType.SUCCEEDED)).count();
      html = dir.resolve("report.html");
      ExperimentReport.of(done, all).writeHtml(html);
    }
    // MetricsUnavailable trials do not count towards Katib's trial budget, so there may be more than ten.
    assertThat(trials).isGreaterThanOrEqualTo(10);
    assertThat(withValues).as("trials with a loss").isBetween(3, trials - 1);
  }

  @Test
  void dumpedDom_afterTheScriptRan_hasAMarkPerTrialWithAValue_andARowPerTrial() throws Exception {
    String dom = chromium("--dump-dom", html.toUri().toString());

    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    assertThat(body.find()).as("a <body> in the DOM Chromium dumped").isTrue();
    assertThat(body.group(1)).contains("data-ready=\"true\"").contains("data-trials=\"" + trials + "\"");
    String history = element(dom, "svg", "history");
    assertThat(count(history, "<circle class=\"trial\"")).isEqualTo(withValues);
    String parallel = element(dom, "svg", "parallel");
    assertThat(count(parallel, "<polyline class=\"trial\"")).isEqualTo(withValues);
    assertThat(count(parallel, "<polyline class=\"trial noresult\"")).isEqualTo(trials - withValues);
    String table = element(dom, "table", "trials");
    assertThat(count(table.substring(table.indexOf("<tbody>")), "<tr ")).isEqualTo(trials);
  }

  @Test
  void screenshot_showsThePlots() throws Exception {
    Path png = dir.resolve("report.png");

    chromium("--screenshot=" + png, "--window-size=1000,1600", "--hide-scrollbars", html.toUri().toString());

    int[] pixels = Png.rgb(Files.readAllBytes(png));
    Set<Integer> colours = new HashSet<>();
    for (int p : pixels) {
      colours.add(p);
    }
    assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(100)
        .as("the blue of succeeded trials' marks").contains(0x2563eb)
        .as("the red of the best-so-far line").contains(0xdc2626);
  }

  /**
   * Parameter and metric names of 300 characters, and long categories: Chromium lays the report out, a script added
   * to it measures every text of the plots, and none may leave its plot or cover another.
   */
  @Test
  void longNames_inThePlots_areShortenedToStayInsideWithoutOverlapping_andKeepTheWholeInATooltip() throws Exception {
    String rate = "learning_rate_of_the_Adam_optimizer_in_the_WarmUp_phase_".repeat(6).substring(0, 300);
    String decay = "Weight_Decay_applied_to_every_Convolution_layer_".repeat(7).substring(0, 300);
    String optimizer = "optimizer_with_a_name_long_enough_to_reach_the_next_axis_".repeat(6).substring(0, 300);
    String metric = "validation_loss_Measured_on_the_HeldOut_split_each_epoch_".repeat(6).substring(0, 300);
    ExperimentSpec spec = ExperimentSpec.builder()
        .addParameter(Parameter.doubleRange(rate, 0.0001, 0.1).logUniform())
        .addParameter(Parameter.doubleRange(decay, 0, 1))
        .addParameter(Parameter.categorical(optimizer, "stochastic_gradient_descent_with_nesterov_momentum", "adam"))
        .objective(Objective.minimize(metric))
        .algorithm(Algorithm.random())
        .build();
    Experiment experiment = Experiment.of(ObjectMeta.builder().name("long").namespace("default").build(), spec);
    List<Trial> trials = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      trials.add(Trial.builder()
          .metadata(ObjectMeta.builder().name("long-" + i).namespace("default").build())
          .spec(TrialSpec.builder()
              .addParameterAssignment(ParameterAssignment.of(rate, Double.toString(0.001 * i)))
              .addParameterAssignment(ParameterAssignment.of(decay, Double.toString(0.2 * i)))
              .addParameterAssignment(ParameterAssignment.of(optimizer, i % 2 == 0 ? "adam"
                  : "stochastic_gradient_descent_with_nesterov_momentum"))
              .build())
          .status(TrialStatus.builder()
              .addCondition(Condition.builder().type("Succeeded").status(ConditionStatus.TRUE).build())
              .observation(Observation.builder().addMetric(Metric.builder().name(metric).min("0." + i)
                  .max("0." + i).latest("0." + i).build()).build())
              .build())
          .build());
    }
    String page = ExperimentReport.of(experiment, trials).toHtml();
    // Boxes in the plot's own units (its viewBox, 900 wide), through the text's own transform (the rotated label).
    String measure = "<script>var boxes=[];['history','parallel'].forEach(function(id){"
        + "document.getElementById(id).querySelectorAll('text').forEach(function(t){var b=t.getBBox();"
        + "var l=t.transform.baseVal;var m=l.numberOfItems?l.consolidate().matrix:{a:1,b:0,c:0,d:1,e:0,f:0};"
        + "var xs=[],ys=[];[[b.x,b.y],[b.x+b.width,b.y],[b.x,b.y+b.height],[b.x+b.width,b.y+b.height]]"
        + ".forEach(function(p){xs.push(p[0]*m.a+p[1]*m.c+m.e);ys.push(p[0]*m.b+p[1]*m.d+m.f);});"
        + "var x=Math.min.apply(null,xs),y=Math.min.apply(null,ys);"
        + "boxes.push([id,x,y,Math.max.apply(null,xs)-x,Math.max.apply(null,ys)-y,"
        + "t.textContent.replace(/[;|]/g,' ')].join('|'));});});"
        + "document.body.setAttribute('data-boxes',boxes.join(';'));</script></body>";
    Path file = dir.resolve("long.html");
    Files.writeString(file, page.replace("</body>", measure));

    String dom = chromium("--dump-dom", file.toUri().toString());

    Matcher attribute = Pattern.compile("data-boxes=\"([^\"]*)\"").matcher(dom);
    assertThat(attribute.find()).as("the measuring script ran").isTrue();
    List<String[]> boxes = new ArrayList<>();
    for (String box : attribute.group(1).split(";")) {
      boxes.add(box.split("\\|", -1));
    }
    assertThat(boxes).as("texts measured").hasSizeGreaterThan(10);
    for (String[] box : boxes) {
      double x = Double.parseDouble(box[1]);
      double w = Double.parseDouble(box[3]);
      assertThat(x).as("left of %s in #%s", box[5], box[0]).isGreaterThanOrEqualTo(-0.5);
      assertThat(x + w).as("right of %s in #%s", box[5], box[0]).isLessThanOrEqualTo(900.5);
    }
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        String[] a = boxes.get(i);
        String[] b = boxes.get(j);
        if (a[0].equals(b[0])) {
          assertThat(overlap(a, b)).as("%s and %s in #%s", a[5], b[5], a[0]).isFalse();
        }
      }
    }
    assertThat(page).contains("<title>" + rate + " (log)</title>").contains("<title>" + metric + "</title>")
        .contains("<title>" + optimizer + "</title>").contains("\u2026 (log)<title>");
  }

  /** Whether two measured boxes share more than a pixel's width and height. */
  private static boolean overlap(String[] a, String[] b) {
    double[] p = {Double.parseDouble(a[1]), Double.parseDouble(a[2]), Double.parseDouble(a[3]),
        Double.parseDouble(a[4])};
    double[] q = {Double.parseDouble(b[1]), Double.parseDouble(b[2]), Double.parseDouble(b[3]),
        Double.parseDouble(b[4])};
    double width = Math.min(p[0] + p[2], q[0] + q[2]) - Math.max(p[0], q[0]);
    double height = Math.min(p[1] + p[3], q[1] + q[3]) - Math.max(p[1], q[1]);
    return width > 1 && height > 1;
  }

  /** Runs headless Chromium on the report; returns its standard output. */
  private static String chromium(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("Chromium did not finish within " + BROWSER_TIMEOUT + "; its errors: " + Files.readString(err));
    }
    assertThat(process.exitValue()).as("Chromium's exit code; its errors: " + Files.readString(err)).isZero();
    return Files.readString(out);
  }

  /** The text of the first {@code <tag id="id">} element (they do not nest here). */
  private static String element(String dom, String tag, String id) {
    int start = dom.indexOf("<" + tag + " id=\"" + id + "\"");
    assertThat(start).as("<" + tag + " id=\"" + id + "\"> in the DOM").isNotNegative();
    return dom.substring(start, dom.indexOf("</" + tag + ">", start));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** Just enough PNG to read a screenshot: 8-bit RGB or RGBA, not interlaced. */
  static final class Png {
    private Png() {}

    /** The pixels as {@code 0xRRGGBB}, row by row. */
    static int[] rgb(byte[] file) throws IOException {
      ByteBuffer in = ByteBuffer.wrap(file);
      in.position(8);
      int width = 0;
      int height = 0;
      int channels = 0;
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      while (in.remaining() >= 12) {
        int length = in.getInt();
        String type = new String(file, in.position(), 4, StandardCharsets.US_ASCII);
        in.position(in.position() + 4);
        if (type.equals("IHDR")) {
          width = in.getInt(in.position());
          height = in.getInt(in.position() + 4);
          int depth = file[in.position() + 8];
          int colourType = file[in.position() + 9];
          int interlace = file[in.position() + 12];
          assertThat(depth).as("bit depth").isEqualTo(8);
          assertThat(colourType).as("colour type (RGB or RGBA)").isIn(2, 6);
          assertThat(interlace).as("interlace").isZero();
          channels = colourType == 6 ? 4 : 3;
        } else if (type.equals("IDAT")) {
          data.write(file, in.position(), length);
        }
        in.position(in.position() + length + 4);
      }
      byte[] raw = inflate(data.toByteArray(), height * (1 + width * channels));
      return unfilter(raw, width, height, channels);
    }

    private static byte[] inflate(byte[] compressed, int size) throws IOException {
      Inflater inflater = new Inflater();
      inflater.setInput(compressed);
      byte[] raw = new byte[size];
      try {
        int n = 0;
        while (n < size && !inflater.finished()) {
          n += inflater.inflate(raw, n, size - n);
        }
      } catch (DataFormatException e) {
        throw new IOException(e);
      } finally {
        inflater.end();
      }
      return raw;
    }

    /** Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth). */
    private static int[] unfilter(byte[] raw, int width, int height, int channels) {
      int stride = width * channels;
      byte[] previous = new byte[stride];
      byte[] row = new byte[stride];
      int[] pixels = new int[width * height];
      for (int y = 0; y < height; y++) {
        int filter = raw[y * (stride + 1)];
        System.arraycopy(raw, y * (stride + 1) + 1, row, 0, stride);
        for (int i = 0; i < stride; i++) {
          int a = i >= channels ? row[i - channels] & 0xff : 0;
          int b = previous[i] & 0xff;
          int c = i >= channels ? previous[i - channels] & 0xff : 0;
          int predictor;
          switch (filter) {
            case 1:
              predictor = a;
              break;
            case 2:
              predictor = b;
              break;
            case 3:
              predictor = (a + b) / 2;
              break;
            case 4:
              int p = a + b - c;
              int pa = Math.abs(p - a);
              int pb = Math.abs(p - b);
              int pc = Math.abs(p - c);
              predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
              break;
            default:
              predictor = 0;
          }
          row[i] = (byte) (row[i] + predictor);
        }
        for (int x = 0; x < width; x++) {
          int o = x * channels;
          pixels[y * width + x] = (row[o] & 0xff) << 16 | (row[o + 1] & 0xff) << 8 | (row[o + 2] & 0xff);
        }
        byte[] swap = previous;
        previous = row;
        row = swap;
      }
      return pixels;
    }
  }
}
