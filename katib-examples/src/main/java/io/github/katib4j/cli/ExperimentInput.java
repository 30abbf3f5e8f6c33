package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.template.ConfigMapLookup;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The experiment file a command reads: a path, or {@code -} for standard input. Objects of other kinds in it, such as
 * the ConfigMap of a trial template bundled with the experiment for {@code kubectl apply -f}, are skipped with a note,
 * and its ConfigMaps serve {@code configMap} trial templates.
 */
final class ExperimentInput {
  /** What FILE takes for standard input, and how the commands' help says so. */
  static final String STDIN = "-";
  static final String FILE_HELP = "An experiment in YAML or JSON; - reads it from standard input.";

  private final String name;
  private final String text;
  private final Path folder;

  private ExperimentInput(String name, String text, Path folder) {
    this.name = name;
    this.text = text;
    this.folder = folder;
  }

  /**
   * Reads {@code file}, or standard input when it is {@code -}.
   *
   * @throws KatibException saying why it cannot be read (the commands exit 2)
   */
  static ExperimentInput read(Path file, CommandSpec spec) {
    if (file.toString().equals(STDIN)) {
      InputStream in = ((KatibCli) spec.root().userObject()).in;
      try {
        return new ExperimentInput("<stdin>", utf8(in.readAllBytes(), "standard input"),
            Path.of("").toAbsolutePath());
      } catch (IOException e) {
        throw new KatibException("cannot read standard input: " + e.getMessage(), e);
      }
    }
    if (Files.isDirectory(file)) {
      throw new KatibException("cannot read " + file + ": it is a folder; pass an experiment file (YAML or JSON)"
          + examplesIn(file) + ", or - to read one from standard input");
    }
    try {
      return new ExperimentInput(file.toString(), utf8(Files.readAllBytes(file), file.toString()),
          file.toAbsolutePath().getParent());
    } catch (NoSuchFileException e) {
      String workingDirectory = Path.of("").toAbsolutePath().toString();
      throw new KatibException("cannot read " + file + ": no such file (working directory: " + workingDirectory + ")"
          + PathConverter.localeHint(workingDirectory + "/" + file), e);
    } catch (AccessDeniedException e) {
      throw new KatibException("cannot read " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new KatibException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new KatibException("cannot read " + what + ": it is not UTF-8 text", e);
    }
  }

  /** {@code , such as DIR/a.yaml or DIR/b.json} for the first YAML or JSON files in {@code folder}, if any. */
  private static String examplesIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<String> found = files.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)"))
          .map(Path::toString).sorted().limit(2).collect(Collectors.toList());
      return found.isEmpty() ? "" : " such as " + String.join(" or ", found);
    } catch (IOException e) {
      return "";
    }
  }

  /** The file as given, or {@code <stdin>}; what messages name. */
  String name() {
    return name;
  }

  String text() {
    return text;
  }

  /** Where the experiment's relative paths start: the file's folder, or the working directory for standard input. */
  Path folder() {
    return folder;
  }

  /**
   * Notes each object of another kind on {@code err} as skipped, and returns them.
   *
   * @param configMapUse what a skipped ConfigMap is used for, in words, or what to do about it
   */
  List<OtherObject> noteOthers(PrintWriter err, String configMapUse) {
    List<OtherObject> others = KatibCodec.create().otherObjects(text, name, Experiment.class);
    for (OtherObject other : others) {
      err.println("katib: note: skipped " + other + ": not an Experiment"
          + (other.kind().equals("ConfigMap") ? "; " + configMapUse : ""));
    }
    return others;
  }

  /** The ConfigMaps in the file. */
  ConfigMapLookup configMaps() {
    return ConfigMapLookup.bundledIn(text, name);
  }

  /** What a file with no experiment is told, by every command; they exit 2. */
  String noExperiment(List<OtherObject> others) {
    String holds = others.isEmpty() ? " (it is empty, or only comments)" : ", only " + others.stream()
        .map(o -> o.kind() + (o.name().isEmpty() ? "" : " \"" + o.name() + "\"")).collect(Collectors.joining(", "));
    return "katib: " + name + " holds no experiment" + holds + "; expected an Experiment (apiVersion: "
        + Experiment.API_VERSION + ", kind: Experiment) in YAML or JSON";
  }

  /** For the commands that take one experiment: the file holds {@code count}, not one. */
  String notOneExperiment(int count, String command) {
    return "katib: " + name + " holds " + count + " experiments; " + command + " takes a file with one";
  }
}
