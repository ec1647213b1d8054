package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import dev.cloudnative.mesh.balancer.Balancer;
import dev.cloudnative.mesh.balancer.IntervalTable;
import dev.cloudnative.mesh.balancer.LeastRequestBalancer;
import dev.cloudnative.mesh.balancer.MaglevBalancer;
import dev.cloudnative.mesh.balancer.PeakEwma;
import dev.cloudnative.mesh.balancer.PeakEwmaBalancer;
import dev.cloudnative.mesh.balancer.RandomBalancer;
import dev.cloudnative.mesh.balancer.RoundRobinBalancer;
import dev.cloudnative.mesh.event.EndpointReturnedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import dev.cloudnative.mesh.http.MeshHttpClient;
import dev.cloudnative.mesh.http.ObservedHttpHandler;
import dev.cloudnative.mesh.outlier.OutlierDetector;
import dev.cloudnative.mesh.outlier.OutlierState;
import dev.cloudnative.mesh.registry.InMemoryEndpointRegistry;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import dev.cloudnative.mesh.stats.LatencyRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Walks the whole public API of the exported packages (every public constructor, static method and
 * instance method of every public type) and passes {@code null} in each reference parameter in
 * turn, every other argument valid: each must throw a {@link NullPointerException} whose message is
 * the parameter's name, thrown at the boundary (CONTRIBUTING, "Errors"). The names come from the
 * class files ({@code -parameters} in the main compile). The positions that accept {@code null} on
 * purpose are listed in {@link #ALLOWED}, each with its reason, and that list is held small; a
 * public type the walk cannot get an instance of fails the test rather than being skipped.
 */
class PublicApiNullHostilityTest {

  /**
   * Positions ({@code Type#member(parameter)}, or {@code Type#member(*)} for every parameter of
   * that member) that deliberately accept {@code null}, and why.
   */
  private static final Map<String, String> ALLOWED =
      Map.ofEntries(
          Map.entry(
              "RouteRule#<init>(mirror)",
              "null is documented as 'no mirror': the allocation-free form behind mirrorOrNull()"),
          Map.entry(
              "MeshException#<init>(cause)", "a Throwable's cause is null when there is none"),
          Map.entry(
              "MeshTimeoutException#<init>(cause)",
              "a Throwable's cause is null when there is none"),
          Map.entry(
              "UpstreamCallException#<init>(cause)",
              "a Throwable's cause is null when there is none"),
          Map.entry(
              "MeshException#<init>(stopReason)",
              "null when the failure did not end a call (stopReason() is then empty)"),
          Map.entry(
              "MeshTimeoutException#<init>(stopReason)",
              "null when the timeout did not end a call (stopReason() is then empty)"),
          Map.entry(
              "MeshException#<init>(message)",
              "a Throwable's message may be null (RuntimeException's contract)"),
          Map.entry(
              "StringMatch#<init>(pattern)",
              "documented: null for every kind but REGEX, and for REGEX 'compile value here'"),
          Map.entry(
              "StringMatch#matches(actual)",
              "documented: null is an absent attribute (a header lookup's miss), which never"
                  + " matches; the per-call routing path passes it without allocating"),
          Map.entry(
              "Balancers#create(rtt)",
              "documented: only Peak-EWMA reads the estimates; null for the other policies"),
          Map.entry(
              "Balancers#create(clock)",
              "documented: only Peak-EWMA reads the clock; null for the other policies"));

  /** Valid arguments and instances, by type (a supplier: builders are made fresh per call). */
  private final Map<Class<?>, Supplier<?>> samples = new HashMap<>();

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeWhatTheWalkOpened() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private <T> void sample(Class<T> type, Supplier<? extends T> supplier) {
    samples.put(type, supplier);
  }

  private ServiceMesh mesh() {
    ServiceMesh mesh = ServiceMesh.builder().build();
    opened.add(mesh);
    return mesh;
  }

  private void registerSamples() {
    sample(String.class, () -> "v1");
    sample(CharSequence.class, () -> "v1");
    sample(Object.class, () -> "v1");
    sample(Integer.class, () -> 503);
    sample(Long.class, () -> 1L);
    sample(Instant.class, Instant::now);
    // the first constant, SUCCEEDED, ends no failed call: exceptions refuse it
    sample(StopReason.class, () -> StopReason.NOT_RETRYABLE);
    sample(Duration.class, () -> Duration.ofSeconds(1));
    sample(Pattern.class, () -> Pattern.compile("v1"));
    sample(Throwable.class, () -> new IllegalStateException("sample"));
    sample(Runnable.class, () -> () -> {});
    sample(Function.class, () -> e -> "ok");
    sample(ToIntFunction.class, () -> r -> 200);
    sample(Predicate.class, () -> t -> false);
    sample(Consumer.class, () -> s -> {});
    sample(AtomicInteger.class, AtomicInteger::new);
    sample(java.util.function.IntSupplier.class, () -> () -> 0);
    sample(long[].class, () -> new long[LatencySnapshot.BUCKETS]);
    sample(MeterRegistry.class, SimpleMeterRegistry::new);
    sample(ObservationRegistry.class, () -> ObservationRegistry.NOOP);
    sample(HttpClient.class, HttpClient::newHttpClient);
    sample(HttpRequest.class, () -> HttpRequest.newBuilder(uri("http://v1/")).build());
    sample(HttpResponse.BodyHandler.class, HttpResponse.BodyHandlers::discarding);
    sample(HttpHandler.class, () -> exchange -> {});

    sample(MeshClock.class, MeshClock::system);
    sample(MeshEventListener.class, () -> MeshEventListener.NONE);
    sample(MeshEvent.class, () -> new EndpointReturnedEvent("svc", "e1", 1));
    sample(Endpoint.class, () -> Endpoint.of("localhost", 8080));
    sample(EndpointCall.class, () -> (e, t) -> "ok");
    sample(EndpointFeed.class, () -> sink -> () -> {});
    sample(EndpointRegistry.class, InMemoryEndpointRegistry::new);
    sample(EndpointSink.class, InMemoryEndpointRegistry::new);
    sample(InMemoryEndpointRegistry.class, InMemoryEndpointRegistry::new);
    sample(MeshRequest.class, MeshRequest::empty);
    sample(MeshRequest.Builder.class, MeshRequest::builder);
    sample(RequestMatch.class, RequestMatch::any);
    sample(StringMatch.class, () -> StringMatch.exact("v1"));
    sample(Destination.class, () -> Destination.of("v1"));
    sample(Mirror.class, () -> Mirror.of("v2", 5));
    sample(FaultInjection.class, () -> FaultInjection.NONE);
    sample(
        RouteRule.class,
        () -> new RouteRule("r", RequestMatch.any(), List.of(Destination.of("v1")), null));
    sample(RouteTable.class, () -> RouteTable.forService("svc").otherwise().routeTo("v1"));
    sample(RouteTable.Builder.class, () -> RouteTable.forService("svc"));
    sample(
        RouteTable.RuleBuilder.class, () -> RouteTable.forService("svc").when(RequestMatch.any()));
    sample(RouteTable.DefaultBuilder.class, () -> RouteTable.forService("svc").otherwise());
    sample(CircuitBreakerConfig.class, CircuitBreakerConfig::ofDefaults);
    sample(CircuitBreakerConfig.Builder.class, CircuitBreakerConfig::custom);
    sample(OutlierDetectionConfig.class, OutlierDetectionConfig::ofDefaults);
    sample(OutlierDetectionConfig.Builder.class, OutlierDetectionConfig::custom);
    sample(RetryPolicy.class, RetryPolicy::none);
    sample(RetryPolicy.Builder.class, RetryPolicy::custom);
    sample(RetryBudget.class, RetryBudget::ofDefaults);
    sample(ConcurrencyLimits.class, () -> ConcurrencyLimits.UNLIMITED);
    sample(DestinationPolicy.class, DestinationPolicy::ofDefaults);
    sample(DestinationPolicy.Builder.class, DestinationPolicy::custom);
    sample(CircuitBreaker.class, () -> CircuitBreaker.of("b", CircuitBreakerConfig.ofDefaults()));
    sample(
        CircuitBreakerMetrics.class,
        () -> CircuitBreaker.of("b", CircuitBreakerConfig.ofDefaults()).metrics());
    sample(LatencySnapshot.class, () -> LatencySnapshot.EMPTY);
    sample(
        EndpointStats.class,
        () ->
            new EndpointStats(
                Endpoint.of("localhost", 8080),
                0,
                0,
                0,
                0,
                0,
                CircuitState.CLOSED,
                false,
                LatencySnapshot.EMPTY));
    sample(
        SubsetStats.class,
        () -> new SubsetStats("v1", 0, 0, 0, 0, LatencySnapshot.EMPTY, List.of()));
    sample(
        ServiceStats.class,
        () -> new ServiceStats("svc", 0, 0, 0, Optional.empty(), Map.of(), Map.of()));
    sample(MeshStats.class, () -> new MeshStats(Map.of()));
    sample(ServiceEndpoints.class, () -> new ServiceEndpoints("svc", Map.of()));
    sample(RegistrySnapshot.class, () -> RegistrySnapshot.EMPTY);
    sample(
        NoHealthyEndpointException.class,
        () ->
            new NoHealthyEndpointException(
                "svc", "v1", NoHealthyEndpointException.Reason.NONE_REGISTERED, 0, 0, 0, 0));
    sample(ServiceMesh.class, this::mesh);
    sample(ServiceMesh.Builder.class, ServiceMesh::builder);
    sample(MeshHttpClient.Builder.class, () -> MeshHttpClient.builder(mesh()));
    sample(MeshHttpClient.class, () -> MeshHttpClient.builder(mesh()).build());
    sample(
        ObservedHttpHandler.class,
        () -> ObservedHttpHandler.wrap(exchange -> {}, ObservationRegistry.NOOP));
    sample(RoundRobinBalancer.class, () -> new RoundRobinBalancer(new int[] {1}, 0));
    sample(RandomBalancer.class, () -> new RandomBalancer(new int[] {1}));
    sample(
        LeastRequestBalancer.class,
        () -> new LeastRequestBalancer(new int[] {1}, new AtomicInteger[] {new AtomicInteger()}));
    sample(MaglevBalancer.class, () -> new MaglevBalancer(new String[] {"e1"}, new int[] {1}));
    sample(Balancer.class, () -> new RoundRobinBalancer(new int[] {1}, 0));
    sample(PeakEwmaConfig.class, PeakEwmaConfig::ofDefaults);
    sample(PeakEwmaConfig.Builder.class, PeakEwmaConfig::custom);
    sample(java.util.OptionalDouble.class, java.util.OptionalDouble::empty);
    sample(HedgePolicy.class, () -> HedgePolicy.custom().build());
    sample(HedgePolicy.Builder.class, HedgePolicy::custom);
    sample(AdaptiveConcurrency.class, () -> AdaptiveConcurrency.vegas().build());
    sample(AdaptiveConcurrency.Builder.class, AdaptiveConcurrency::vegas);
    sample(SlowStartConfig.class, SlowStartConfig::ofDefaults);
    sample(SlowStartConfig.Builder.class, SlowStartConfig::custom);
    sample(LocalityConfig.class, LocalityConfig::ofDefaults);
    sample(LocalityConfig.Builder.class, LocalityConfig::custom);
    sample(PeakEwma.class, () -> new PeakEwma(PeakEwmaConfig.ofDefaults(), 0));
    sample(
        PeakEwmaBalancer.class,
        () ->
            new PeakEwmaBalancer(
                new int[] {1, 1},
                new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()},
                new PeakEwma[] {
                  new PeakEwma(PeakEwmaConfig.ofDefaults(), 0),
                  new PeakEwma(PeakEwmaConfig.ofDefaults(), 0)
                },
                MeshClock.system()));
    sample(IntervalTable.class, () -> new IntervalTable(new int[] {1}));
    sample(OutlierState.class, () -> new OutlierState("e1"));
    sample(
        OutlierDetector.class,
        () ->
            new OutlierDetector(
                "svc",
                OutlierDetectionConfig.ofDefaults(),
                MeshClock.system(),
                MeshEventListener.NONE,
                () -> {}));
    sample(EndpointRecorder.class, EndpointRecorder::new);
    sample(LatencyRecorder.class, LatencyRecorder::new);
  }

  /**
   * Interfaces the walk meets only as an SPI: their abstract methods are implemented by the user
   * (or by a public class the walk covers on its own), so there is no library body to check.
   */
  private static final Set<String> USER_IMPLEMENTED =
      Set.of(
          "EndpointCall",
          "EndpointFeed",
          "EndpointSink",
          "EndpointRegistry",
          "MeshEventListener",
          "MeshEvent",
          "NotEndpointFault",
          "CircuitBreaker",
          "Balancer");

  @Test
  void everyPublicReferenceParameterRejectsNullNamingTheParameter() throws Exception {
    registerSamples();
    List<String> failures = new ArrayList<>();
    Map<String, String> allowedUsed = new TreeMap<>();
    int walked = 0;
    for (Class<?> type : publicTypes()) {
      for (Executable member : members(type)) {
        Parameter[] params = member.getParameters();
        for (int i = 0; i < params.length; i++) {
          if (params[i].getType().isPrimitive()) {
            continue;
          }
          walked++;
          assertThat(params[i].isNamePresent())
              .as("parameter names of %s (is -parameters in the main compile?)", member)
              .isTrue();
          String position = position(type, member, params[i].getName());
          String reason = allowed(type, member, params[i].getName());
          if (reason != null) {
            allowedUsed.put(position, reason);
            continue;
          }
          String failure = nullAt(type, member, i, params[i].getName());
          if (failure != null) {
            failures.add(position + ": " + failure);
          }
        }
      }
    }
    long spi =
        publicTypes().stream()
            .filter(t -> t.isInterface() && USER_IMPLEMENTED.contains(simpleName(t)))
            .flatMap(t -> Stream.of(t.getDeclaredMethods()))
            .filter(m -> Modifier.isAbstract(m.getModifiers()))
            .flatMap(m -> Stream.of(m.getParameterTypes()))
            .filter(c -> !c.isPrimitive())
            .count();
    System.out.printf(
        "public API null walk: %d positions, %d allow-listed (%d listed by name), %d failing;"
            + " %d SPI positions left to their implementations%n",
        walked, allowedUsed.size(), ALLOWED.size(), failures.size(), spi);
    assertThat(failures).as("positions out of %s walked", walked).isEmpty();
    assertThat(walked).as("the walk reaches the API").isGreaterThan(200);
    assertThat(allowedUsed.keySet())
        .as("every allow-list entry names a real position")
        .containsAll(ALLOWED.keySet());
    assertThat(ALLOWED).as("the deliberate exceptions stay few").hasSizeLessThanOrEqualTo(12);
  }

  private static String position(Class<?> type, Executable member, String param) {
    return simpleName(type) + "#" + memberName(member) + "(" + param + ")";
  }

  private static String memberName(Executable member) {
    return member instanceof Constructor ? "<init>" : member.getName();
  }

  private static String simpleName(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  private static String allowed(Class<?> type, Executable member, String param) {
    if (member instanceof Method m
        && m.getName().equals("equals")
        && m.getParameterCount() == 1
        && m.getParameterTypes()[0] == Object.class) {
      return "equals(null) is false by Object's contract";
    }
    if (type.isEnum() && member.getName().equals("valueOf")) {
      return "the JDK's generated Enum.valueOf";
    }
    return ALLOWED.get(position(type, member, param));
  }

  /** Calls member with null at index, returns why that was wrong, or null when it was right. */
  private String nullAt(Class<?> type, Executable member, int index, String name) {
    Object target = null;
    Object[] args;
    try {
      if (member instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
        target = instance(type);
      }
      args = arguments(member, index);
    } catch (RuntimeException e) {
      return "cannot build the other arguments: " + e;
    }
    Throwable thrown;
    try {
      if (member instanceof Constructor<?> c) {
        c.newInstance(args);
      } else {
        ((Method) member).invoke(target, args);
      }
      return "accepted null";
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    } catch (ReflectiveOperationException e) {
      return "not invocable: " + e;
    }
    if (!(thrown instanceof NullPointerException)) {
      return "threw " + thrown;
    }
    if (!name.equals(thrown.getMessage())) {
      return "NullPointerException said '" + thrown.getMessage() + "', not '" + name + "'";
    }
    return null;
  }

  private Object instance(Class<?> type) {
    Supplier<?> s = samples.get(type);
    if (s == null) {
      throw new IllegalStateException("no sample instance registered for " + type.getName());
    }
    return s.get();
  }

  private Object[] arguments(Executable member, int nullIndex) {
    Type[] generic = member.getGenericParameterTypes();
    Class<?>[] raw = member.getParameterTypes();
    // Inner-class constructors and some synthetic forms report fewer generic types than raw ones.
    boolean useGeneric = generic.length == raw.length;
    Object[] args = new Object[raw.length];
    for (int i = 0; i < raw.length; i++) {
      args[i] = i == nullIndex ? null : value(useGeneric ? generic[i] : raw[i]);
    }
    return args;
  }

  /** A valid value of type: the registered sample, else a one-element collection or array. */
  private Object value(Type type) {
    if (type instanceof Class<?> c) {
      if (c.isPrimitive()) {
        return primitive(c);
      }
      Supplier<?> s = samples.get(c);
      if (s != null) {
        return s.get();
      }
      if (c.isEnum()) {
        return c.getEnumConstants()[0];
      }
      if (c.isArray()) {
        Object array = Array.newInstance(c.getComponentType(), 1);
        Array.set(array, 0, value(c.getComponentType()));
        return array;
      }
      if (c == List.class) {
        return List.of();
      }
      if (c == Map.class) {
        return Map.of();
      }
      if (c == Set.class) {
        return Set.of();
      }
      if (c == Optional.class) {
        return Optional.empty();
      }
      throw new IllegalStateException("no sample value registered for " + c.getName());
    }
    if (type instanceof ParameterizedType p) {
      Class<?> rawType = (Class<?>) p.getRawType();
      Type[] a = p.getActualTypeArguments();
      if (rawType == List.class) {
        return List.of(value(a[0]));
      }
      if (rawType == Set.class) {
        return Set.of(value(a[0]));
      }
      if (rawType == Optional.class) {
        return Optional.of(value(a[0]));
      }
      if (rawType == Map.class) {
        return Map.of(value(a[0]), value(a[1]));
      }
      return value(rawType);
    }
    if (type instanceof WildcardType w) {
      return value(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> v) {
      return value(v.getBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      Object one = value(g.getGenericComponentType());
      Object array = Array.newInstance(one.getClass(), 1);
      Array.set(array, 0, one);
      return array;
    }
    throw new IllegalStateException("no sample value for " + type);
  }

  private static Object primitive(Class<?> c) {
    if (c == boolean.class) {
      return false;
    }
    if (c == int.class) {
      return 1;
    }
    if (c == long.class) {
      return 1L;
    }
    if (c == double.class) {
      return 1.0;
    }
    if (c == float.class) {
      return 1.0f;
    }
    if (c == short.class) {
      return (short) 1;
    }
    if (c == byte.class) {
      return (byte) 1;
    }
    return 'a';
  }

  /**
   * The members of type a user can call: public constructors of a concrete class, public static
   * methods, and public instance methods (an interface's abstract ones only where the library
   * implements it: an SPI's are the user's body).
   */
  private static List<Executable> members(Class<?> type) {
    List<Executable> out = new ArrayList<>();
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
      for (Constructor<?> c : type.getConstructors()) {
        out.add(c);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
        continue;
      }
      if (type.isInterface()
          && Modifier.isAbstract(m.getModifiers())
          && USER_IMPLEMENTED.contains(simpleName(type))) {
        continue;
      }
      out.add(m);
    }
    out.sort(Comparator.comparing(Executable::toGenericString));
    return out;
  }

  /** Every public type (public all the way out) in the packages the module exports to everyone. */
  private static List<Class<?>> publicTypes() throws Exception {
    Module module = ServiceMesh.class.getModule();
    Set<String> exported =
        module.getDescriptor().exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertThat(exported)
        .contains("dev.cloudnative.mesh")
        .doesNotContain("dev.cloudnative.mesh.internal");
    Path root = classesRoot();
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name =
            root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info") || name.equals("module-info")) {
          continue;
        }
        String pkg = name.substring(0, name.lastIndexOf('.'));
        if (!exported.contains(pkg)) {
          continue;
        }
        Class<?> type = Class.forName(name, false, ServiceMesh.class.getClassLoader());
        if (isPublicAllTheWayOut(type) && !type.isSynthetic() && !type.isAnonymousClass()) {
          types.add(type);
        }
      }
    }
    return types;
  }

  private static boolean isPublicAllTheWayOut(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static Path classesRoot() {
    try {
      return Path.of(ServiceMesh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(String s) {
    return URI.create(s);
  }
}
