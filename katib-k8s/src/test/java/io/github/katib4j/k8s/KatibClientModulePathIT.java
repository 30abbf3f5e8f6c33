package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.k8s.testing.Kubeconfigs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * katib-k8s as shipped, on the module path: a consumer module that requires only {@code io.github.katib4j.k8s} is
 * compiled against the jars Maven resolves at run time and run with {@code java --module-path}. It builds a client
 * from a kubeconfig whose server is unreachable and lists experiments, which must fail as a request to a cluster that
 * does not answer does, not with a linkage error.
 */
class KatibClientModulePathIT {
  /** The options README tells module-path users to add. */
  static final List<String> ADD_EXPORTS = List.of(
      "--add-exports", "okhttp3/okhttp3.internal.tls=io.kubernetes.client.java.api",
      "--add-exports", "okhttp3/okhttp3.internal.http=io.kubernetes.client.java.api");

  @TempDir
  Path dir;

  private String modulePath;
  private Path compiled;

  @BeforeEach
  void compileTheConsumer() throws Exception {
    List<String> entries = new ArrayList<>(List.of(Files.readString(
        Path.of(System.getProperty("katib4j.runtimeClasspath"))).trim().split(File.pathSeparator)));
    entries.add(System.getProperty("katib4j.k8sJar"));
    modulePath = String.join(File.pathSeparator, entries);
    Path source = dir.resolve("src").resolve("consumer");
    Files.createDirectories(source.resolve("consumer"));
    Files.writeString(source.resolve("module-info.java"), "module consumer { requires io.github.katib4j.k8s; }\n");
    Files.writeString(source.resolve("consumer").resolve("Main.java"), String.join("\n",
        "package consumer;",
        "",
        "import io.github.katib4j.Katib;",
        "import io.github.katib4j.KatibException;",
        "import io.github.katib4j.k8s.KatibClient;",
        "import io.github.katib4j.k8s.RetryPolicy;",
        "import java.nio.file.Path;",
        "",
        "public class Main {",
        "  public static void main(String[] args) {",
        "    try (Katib katib = KatibClient.builder().kubeconfig(Path.of(args[0])).retryPolicy(RetryPolicy.none())",
        "        .build()) {",
        "      System.out.println(\"namespace \" + katib.namespace());",
        "      katib.list(\"team-a\");",
        "    } catch (KatibException e) {",
        "      System.out.println(e.getClass().getName() + \": \" + e.getMessage());",
        "    }",
        "  }",
        "}",
        ""));
    compiled = dir.resolve("out");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", compiled.toString(), "--module-path", modulePath,
        "--module-source-path", dir.resolve("src").toString(), "-m", "consumer");
    assertThat(status).as("javac of the consumer module").isZero();
  }

  private String run(List<String> options) throws Exception {
    Path kubeconfig = Kubeconfigs.unchecked(dir, "https://127.0.0.1:1");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "--module-path", modulePath + File.pathSeparator + compiled));
    command.addAll(options);
    command.addAll(List.of("-m", "consumer/consumer.Main", kubeconfig.toString()));
    Path output = dir.resolve("output-" + options.size() + ".txt");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(java.waitFor(120, TimeUnit.SECONDS)).as("the consumer ends").isTrue();
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  @Test
  void onTheModulePath_withTheReadmesExports_aRequestFailsAsAnUnreachableClusterDoes() throws Exception {
    String output = run(ADD_EXPORTS);

    assertThat(output).doesNotContain("NoClassDefFoundError").doesNotContain("IllegalAccessError")
        .contains("namespace team-a")
        .contains("io.github.katib4j.k8s.KatibApiException: GET"
            + " /apis/kubeflow.org/v1beta1/namespaces/team-a/experiments: no response from the API server");
  }

  @Test
  void onTheModulePath_withoutTheExports_isRefusedNamingThem() throws Exception {
    String output = run(List.of());

    assertThat(output).doesNotContain("NoClassDefFoundError").doesNotContain("IllegalAccessError")
        .contains("io.github.katib4j.KatibException: katib-k8s cannot make requests here: client-java (module"
            + " io.kubernetes.client.java.api) uses OkHttp packages that OkHttp's module (module okhttp3) does not"
            + " export to it, as on the module path; start java with --add-exports"
            + " okhttp3/okhttp3.internal.tls=io.kubernetes.client.java.api --add-exports"
            + " okhttp3/okhttp3.internal.http=io.kubernetes.client.java.api");
  }
}
