package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.JobSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A {@link JobSpec} under another name and namespace: the Job a CronJob run creates from its
 * template. Done through the record's components and canonical constructor, so every other field
 * (whatever {@code JobSpec} grows to hold) is kept as it is, and the constructor's validation runs.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class JobSpecs {

  private static final RecordComponent[] COMPONENTS = JobSpec.class.getRecordComponents();
  private static final Constructor<JobSpec> CANONICAL = canonical();

  private JobSpecs() {}

  private static Constructor<JobSpec> canonical() {
    try {
      return JobSpec.class.getDeclaredConstructor(
          Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@code spec} named {@code name} in {@code namespace}. */
  public static JobSpec renamed(JobSpec spec, String namespace, String name) {
    Object[] values = new Object[COMPONENTS.length];
    try {
      for (int i = 0; i < COMPONENTS.length; i++) {
        String component = COMPONENTS[i].getName();
        values[i] =
            switch (component) {
              case "name" -> name;
              case "namespace" -> namespace;
              default -> COMPONENTS[i].getAccessor().invoke(spec);
            };
      }
      return CANONICAL.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // the constructor's own validation
      }
      throw new IllegalStateException("cannot copy JobSpec " + spec.name(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy JobSpec " + spec.name(), e);
    }
  }
}
