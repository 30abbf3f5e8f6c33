package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * katib-k8s's public surface: the module exports only {@code io.github.katib4j.k8s} (its internal package to the
 * command line only), and no public signature there mentions client-java or OkHttp, except the {@code ApiClient} a
 * caller may hand to the builder.
 */
class ApiBoundaryTest {
  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void module_exportsOnlyTheApiPackage() {
    ModuleDescriptor descriptor = ModuleFinder.of(CLASSES).findAll().iterator().next().descriptor();

    assertThat(descriptor.name()).isEqualTo("io.github.katib4j.k8s");
    // To everyone only the API; the internal package only to the command line, which reads the same kubeconfig files.
    assertThat(descriptor.exports()).extracting(e -> e.source() + " to " + (e.isQualified() ? e.targets() : "all"))
        .containsExactlyInAnyOrder("io.github.katib4j.k8s to all",
            "io.github.katib4j.k8s.internal to [io.github.katib4j.examples]");
  }

  @Test
  void publicSignatures_mentionNoClientJavaTypeButTheBuildersApiClient() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
      members.addAll(List.of(type.getDeclaredConstructors()));
      for (Executable member : members) {
        if (!Modifier.isPublic(member.getModifiers()) && !Modifier.isProtected(member.getModifiers())) {
          continue;
        }
        List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
        if (member instanceof Method) {
          types.add(((Method) member).getGenericReturnType());
        }
        for (Type t : types) {
          String name = t.getTypeName();
          boolean foreign = name.contains("io.kubernetes.") || name.contains("okhttp3.") || name.contains("okio.")
              || name.contains(".internal.");
          boolean allowed = name.equals("io.kubernetes.client.openapi.ApiClient")
              && type.getSimpleName().equals("Builder") && member.getName().equals("apiClient");
          if (foreign && !allowed) {
            leaks.add(type.getName() + "." + member.getName() + " mentions " + name);
          }
        }
      }
    }

    assertThat(leaks).isEmpty();
  }

  private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
    Path api = CLASSES.resolve("io/github/katib4j/k8s");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(api)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
        String name = "io.github.katib4j.k8s." + file.getFileName().toString().replace(".class", "");
        if (!name.endsWith("package-info")) {
          Class<?> type = Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
          if (Modifier.isPublic(type.getModifiers())) {
            classes.add(type);
          }
        }
      }
    }
    assertThat(classes).extracting(Class::getSimpleName).containsAll(Set.of("KatibClient", "Builder",
        "RetryPolicy", "KatibApiException"));
    return classes;
  }
}
