package io.github.katib4j.validation;

import io.github.katib4j.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void probe() throws Exception {
    for (Path f : java.util.List.<Path>of()) {
      List<ValidationResult> r = ExperimentValidator.create().validateSource(Files.readString(f), f.getFileName().toString());
      for (ValidationResult v : r) {
        System.out.println("== " + f + "\n" + v);
      }
    }
    for (Path f : Corpus.fixtures("experiments")) {
      List<ValidationResult> r = ExperimentValidator.create().validateSource(Files.readString(f), f.getFileName().toString());
      for (ValidationResult v : r) {
        System.out.println("== " + f + "\n" + v);
      }
    }
  }
}
