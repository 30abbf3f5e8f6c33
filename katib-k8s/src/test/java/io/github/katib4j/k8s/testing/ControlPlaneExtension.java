package io.github.katib4j.k8s.testing;

import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the JVM's shared {@link ControlPlane} before a test class and injects it, or a new admin {@link ApiClient}
 * for it, into test constructors, lifecycle methods and test methods.
 *
 * <pre>{@code
 * @ExtendWith(ControlPlaneExtension.class)
 * class ExperimentIT {
 *   @Test
 *   void create_returnsTheStoredObject(ControlPlane plane, ApiClient client) { ... }
 * }
 * }</pre>
 *
 * <p>A control plane that cannot be built or started fails every test class that uses it; it is never skipped.
 */
public final class ControlPlaneExtension implements BeforeAllCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    ControlPlane.shared();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class || type == ApiClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ControlPlane plane = ControlPlane.shared();
    return parameter.getParameter().getType() == ControlPlane.class ? plane : plane.apiClient();
  }
}
