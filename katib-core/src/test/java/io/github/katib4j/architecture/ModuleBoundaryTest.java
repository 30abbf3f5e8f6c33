package io.github.katib4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface is what module-info exports: every package with public types is exported unless it is
 * an {@code internal} package, no {@code internal} package is exported, and no public or protected member of an
 * exported type mentions a type from an {@code internal} package (a user could not name it).
 */
class ModuleBoundaryTest {
  private static final Path CLASSES = Path.of("target", "classes");

  private static ModuleDescriptor descriptor() {
    ModuleReference reference = ModuleFinder.of(CLASSES).findAll().iterator().next();
    return reference.descriptor();
  }

  private static Set<String> exported() {
    return descriptor().exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Class<?>> classes() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
        String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.equals("module-info") && !name.endsWith("package-info")) {
          classes.add(Class.forName(name, false, ModuleBoundaryTest.class.getClassLoader()));
        }
      }
    }
    return classes;
  }

  @Test
  void module_isNamedAndExportsNoInternalPackage() {
    assertThat(descriptor().name()).isEqualTo("io.github.katib4j.core");
    assertThat(exported()).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain(".internal"));
  }

  @Test
  void everyPackageWithPublicTypes_isExportedUnlessInternal() throws Exception {
    Set<String> withPublicTypes = new TreeSet<>();
    for (Class<?> type : classes()) {
      if (Modifier.isPublic(type.getModifiers()) && !type.getPackageName().contains(".internal")) {
        withPublicTypes.add(type.getPackageName());
      }
    }

    assertThat(exported()).containsAll(withPublicTypes);
  }

  @Test
  void exportedApi_mentionsNoInternalType() throws Exception {
    Set<String> exported = exported();
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : classes()) {
      if (!exported.contains(type.getPackageName()) || !isVisible(type)) {
        continue;
      }
      check(type.getGenericSuperclass(), type.getName() + " extends", leaks);
      for (Type implemented : type.getGenericInterfaces()) {
        check(implemented, type.getName() + " implements", leaks);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (isVisible(method.getModifiers()) && !method.isSynthetic()) {
          String where = type.getName() + "." + method.getName();
          check(method.getGenericReturnType(), where + " returns", leaks);
          for (Type parameter : method.getGenericParameterTypes()) {
            check(parameter, where + " takes", leaks);
          }
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (isVisible(field.getModifiers())) {
          check(field.getGenericType(), type.getName() + "." + field.getName(), leaks);
        }
      }
    }

    assertThat(leaks).as("public API mentioning internal types").isEmpty();
  }

  @Test
  void everyPublicMethodOfAnExportedType_isDeclaredByAPublicType_soReflectionCanCallIt() throws Exception {
    Set<String> exported = exported();
    List<String> unreachable = new ArrayList<>();
    for (Class<?> type : classes()) {
      if (!exported.contains(type.getPackageName()) || !isVisible(type)) {
        continue;
      }
      for (Method method : type.getMethods()) {
        // Groovy, SpEL, DI containers and other reflective callers get IllegalAccessException when the declaring
        // class is not public, though javac lets Java source call such a method through the public subclass.
        if (!isVisible(method.getDeclaringClass())) {
          unreachable.add(type.getName() + "." + method.getName() + " (declared in "
              + method.getDeclaringClass().getName() + ")");
        }
      }
    }

    assertThat(unreachable).as("public methods reflection cannot call").isEmpty();
    Class<?> parameter = Class.forName("io.github.katib4j.experiment.Parameter");
    Method factory = parameter.getMethod("doubleRange", String.class, double.class, double.class);
    assertThat(factory.invoke(null, "lr", 0.01, 0.1)).isInstanceOf(parameter);
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!isVisible(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Type type, String where, List<String> leaks) {
    if (type instanceof Class) {
      Class<?> c = (Class<?>) type;
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.getPackageName().startsWith("io.github.katib4j") && c.getPackageName().contains(".internal")) {
        leaks.add(where + " " + c.getName());
      }
    } else if (type instanceof ParameterizedType) {
      check(((ParameterizedType) type).getRawType(), where, leaks);
      for (Type argument : ((ParameterizedType) type).getActualTypeArguments()) {
        check(argument, where, leaks);
      }
    } else if (type instanceof WildcardType) {
      for (Type bound : ((WildcardType) type).getUpperBounds()) {
        check(bound, where, leaks);
      }
    }
  }
}
