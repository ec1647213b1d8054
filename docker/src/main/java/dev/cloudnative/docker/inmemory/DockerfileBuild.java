package dev.cloudnative.docker.inmemory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudnative.docker.BuildFailedException;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.internal.ImageReference;
import dev.cloudnative.docker.internal.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Executes a Dockerfile against the in-memory daemon: FROM (scratch, an earlier stage {@code AS
 * name}, an image of the daemon, or one of its embedded registries, pulled as Docker pulls a
 * missing base; anything else fails naming the engine and what to do, since nothing is ever
 * downloaded), ARG, ENV, LABEL, COPY/ADD (from the context or {@code --from} a stage), RUN (exec or
 * shell form, through the program table, with the stage's files), CMD, ENTRYPOINT, WORKDIR, USER,
 * HEALTHCHECK; EXPOSE, VOLUME, STOPSIGNAL and SHELL are accepted and have no effect here. Steps are
 * reported as Docker's classic builder does ({@code Step i/N : ...}), so a failure names its step.
 * The build stops after the {@code target} stage.
 *
 * <p>Not thread-safe; one instance per build.
 */
final class DockerfileBuild {
  // Logged under the engine's name: that is the logger a user turns on to follow the engine.
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(InMemoryContainerEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VAR =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
  private static final int TAIL = 30;

  private final InMemoryContainerEngine engine;
  private final ImageBuild build;
  private final Map<String, byte[]> context;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Map<String, ImageRecord> stages = new HashMap<>();
  private String step = "";

  // current stage
  private Map<String, byte[]> files;
  private Map<String, String> labels;
  private Map<String, String> env;
  private List<String> entrypoint;
  private List<String> cmd;
  private String workdir;
  private String user;
  private List<String> health;
  private final Map<String, String> args = new LinkedHashMap<>();
  private String stageName;

  DockerfileBuild(InMemoryContainerEngine engine, ImageBuild build) {
    this.engine = engine;
    this.build = build;
    try {
      this.context =
          build.contextDir().isPresent()
              ? readDir(build.contextDir().get())
              : readTar(build.contextTar().orElseThrow());
    } catch (IOException e) {
      throw new DockerException(
          "cannot read build context: " + e.getMessage(), "inmemory://", build.tags().get(0), e);
    }
  }

  ImageRecord run() {
    byte[] dockerfile = context.get(build.dockerfile());
    if (dockerfile == null) {
      throw fail("Cannot locate specified Dockerfile: " + build.dockerfile());
    }
    List<String> instructions = instructions(new String(dockerfile, StandardCharsets.UTF_8));
    ImageRecord done = null;
    boolean started = false;
    for (int i = 0; i < instructions.size(); i++) {
      String line = instructions.get(i);
      step = "Step " + (i + 1) + "/" + instructions.size() + " : " + line;
      say(step);
      Progress.buildStep(build.tags().get(0), step).ifPresent(LOG::info);
      String[] parts = line.split("\\s+", 2);
      String op = parts[0].toUpperCase(Locale.ROOT);
      String rest = parts.length > 1 ? parts[1].strip() : "";
      if (op.equals("FROM")) {
        if (started) {
          done = finishStage();
          if (build.target().isPresent() && build.target().get().equals(stageName)) {
            return finalImage(done);
          }
        }
        from(subst(rest));
        started = true;
        continue;
      }
      if (!started && !op.equals("ARG")) {
        throw fail("no build stage in current context: " + op + " before FROM");
      }
      switch (op) {
        case "ARG" -> arg(rest);
        case "ENV" -> pairs(rest, true).forEach(env::put);
        case "LABEL" -> pairs(rest, false).forEach(labels::put);
        case "COPY", "ADD" -> copy(rest);
        case "RUN" -> runStep(command(subst(rest)));
        case "CMD" -> cmd = command(rest);
        case "ENTRYPOINT" -> entrypoint = command(rest);
        case "WORKDIR" -> workdir = absolute(subst(rest));
        case "USER" -> user = subst(rest);
        case "HEALTHCHECK" -> health = healthcheck(rest);
        case "EXPOSE", "VOLUME", "STOPSIGNAL", "SHELL", "MAINTAINER", "ONBUILD" -> {}
        default -> throw fail("unknown instruction: " + op);
      }
    }
    if (!started) {
      throw fail("file with no instructions");
    }
    done = finishStage();
    if (build.target().isPresent() && !build.target().get().equals(stageName)) {
      throw fail("target stage " + build.target().get() + " could not be found");
    }
    return finalImage(done);
  }

  private ImageRecord finalImage(ImageRecord stage) {
    Map<String, String> l = new LinkedHashMap<>(stage.labels());
    l.putAll(build.labels());
    l.putAll(engine.withSession(Map.of()));
    ImageRecord image =
        new ImageRecord(
            stage.id(),
            stage.files(),
            Map.copyOf(l),
            stage.env(),
            stage.entrypoint(),
            stage.cmd(),
            stage.workingDir(),
            stage.user(),
            stage.healthCheck());
    say("Successfully built " + image.id().substring(7, 19));
    build.tags().forEach(t -> say("Successfully tagged " + t));
    return image;
  }

  private ImageRecord finishStage() {
    ImageRecord r =
        new ImageRecord(
            "sha256:" + InMemoryContainerEngine.newId(),
            Map.copyOf(files),
            Map.copyOf(labels),
            Map.copyOf(env),
            entrypoint,
            cmd,
            workdir,
            user,
            health);
    if (stageName != null) {
      stages.put(stageName, r);
    }
    return r;
  }

  private void from(String rest) {
    String[] p = rest.split("\\s+");
    String ref = p[0];
    stageName = p.length >= 3 && p[1].equalsIgnoreCase("AS") ? p[2] : null;
    ImageRecord base;
    if (ref.equals("scratch")) {
      base = ImageRecord.scratch();
    } else if (stages.containsKey(ref)) {
      base = stages.get(ref);
    } else {
      String problem = ImageReference.problem(ref);
      if (problem != null) {
        throw fail(
            "invalid reference format in FROM "
                + ref
                + ": "
                + problem
                + "; "
                + ImageReference.RULE);
      }
      base =
          engine
              .baseImage(ref, build.tags().get(0))
              .orElseThrow(
                  () ->
                      fail(
                          "base image "
                              + ref
                              + " is not in "
                              + InMemoryContainerEngine.ENGINE
                              + ", which never downloads images (no network); build FROM scratch"
                              + " and COPY what the image needs, register a ContainerProgram for"
                              + " the image's binary with InMemoryDaemon.builder().program(name,"
                              + " program) (busybox is built in: .busybox()), build, tag or push"
                              + " the base into this daemon first, or point DOCKER_HOST at a Docker"
                              + " or Podman engine"));
    }
    files = new HashMap<>(base.files());
    labels = new LinkedHashMap<>(base.labels());
    env = new LinkedHashMap<>(base.env());
    entrypoint = base.entrypoint();
    cmd = base.cmd();
    workdir = base.workingDir();
    user = base.user();
    health = base.healthCheck();
  }

  private void arg(String rest) {
    String[] kv = rest.split("=", 2);
    String name = kv[0].strip();
    String value =
        build.buildArgs().getOrDefault(name, kv.length > 1 ? unquote(subst(kv[1].strip())) : "");
    args.put(name, value);
  }

  private void copy(String rest) {
    List<String> tokens = new ArrayList<>(Arrays.asList(subst(rest).split("\\s+")));
    String fromStage = null;
    while (!tokens.isEmpty() && tokens.get(0).startsWith("--")) {
      String flag = tokens.remove(0);
      if (flag.startsWith("--from=")) {
        fromStage = flag.substring(7);
      }
    }
    if (tokens.size() < 2) {
      throw fail("COPY requires at least two arguments");
    }
    String dest = tokens.remove(tokens.size() - 1);
    String destAbs = absolute(dest);
    Map<String, byte[]> source;
    if (fromStage != null) {
      ImageRecord s = stages.get(fromStage);
      if (s == null) {
        throw fail("COPY --from=" + fromStage + ": no such stage");
      }
      source = new HashMap<>();
      s.files().forEach((k, v) -> source.put(k.substring(1), v));
    } else {
      source = context;
    }
    for (String src : tokens) {
      String key =
          Path.of(src.startsWith("/") && fromStage == null ? src.substring(1) : src)
              .normalize()
              .toString();
      key = key.startsWith("/") ? key.substring(1) : key;
      String prefix = key.equals(".") || key.isEmpty() ? "" : key + "/";
      if (source.containsKey(key)) {
        boolean intoDir = dest.endsWith("/") || tokens.size() > 1;
        String name = key.substring(key.lastIndexOf('/') + 1);
        files.put(intoDir ? join(destAbs, name) : destAbs, source.get(key));
        continue;
      }
      boolean found = false;
      for (Map.Entry<String, byte[]> e : source.entrySet()) {
        if (e.getKey().startsWith(prefix)) {
          files.put(join(destAbs, e.getKey().substring(prefix.length())), e.getValue());
          found = true;
        }
      }
      if (!found) {
        throw fail(
            "COPY failed: file not found in build context or excluded by .dockerignore: stat "
                + src
                + ": file does not exist");
      }
    }
  }

  private void runStep(List<String> argv) {
    Optional<ContainerProgram> program =
        argv.isEmpty() ? Optional.empty() : engine.program(argv.get(0));
    String shown = String.join(" ", argv);
    if (program.isEmpty()) {
      throw fail(
          "The command '"
              + shown
              + "' returned a non-zero code: 127 (exec: \""
              + (argv.isEmpty() ? "" : argv.get(0))
              + "\": executable file not found in $PATH; "
              + InMemoryContainerEngine.ENGINE
              + " runs registered programs: InMemoryDaemon.builder().program(...) "
              + "or .busybox())");
    }
    Map<String, String> runEnv = new LinkedHashMap<>(args);
    runEnv.putAll(env);
    ImageRecord now =
        new ImageRecord("", files, labels, runEnv, List.of(), List.of(), workdir, user, List.of());
    ContainerSpec spec = ContainerSpec.builder("scratch").build();
    ContainerRecord box = new ContainerRecord("build", "build", spec, now, Map.of(), files);
    box.state = ContainerState.RUNNING;
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Context ctx = new Context(engine, box, argv, box.generation, out, err);
    int code;
    try {
      code = program.get().run(ctx);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted");
    } catch (Exception e) {
      err.append(e.getMessage()).append('\n');
      code = 1;
    }
    for (String l : (out.toString() + err).split("\n")) {
      if (!l.isEmpty()) {
        say(l);
      }
    }
    if (code != 0) {
      throw fail("The command '" + shown + "' returned a non-zero code: " + code);
    }
  }

  private List<String> healthcheck(String rest) {
    String r = rest;
    while (r.startsWith("--")) {
      int sp = r.indexOf(' ');
      r = sp < 0 ? "" : r.substring(sp + 1).strip();
    }
    if (r.equalsIgnoreCase("NONE")) {
      return List.of("NONE");
    }
    if (!r.toUpperCase(Locale.ROOT).startsWith("CMD")) {
      throw fail("HEALTHCHECK needs CMD or NONE");
    }
    String c = r.substring(3).strip();
    List<String> test = new ArrayList<>();
    Optional<List<String>> exec = execForm(c);
    if (exec.isPresent()) {
      test.add("CMD");
      test.addAll(exec.get());
    } else {
      test.add("CMD-SHELL");
      test.add(c);
    }
    return List.copyOf(test);
  }

  private List<String> command(String rest) {
    return execForm(rest).orElseGet(() -> List.of("/bin/sh", "-c", rest));
  }

  private static Optional<List<String>> execForm(String s) {
    if (!s.startsWith("[")) {
      return Optional.empty();
    }
    try {
      return Optional.of(List.of(JSON.readValue(s, String[].class)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code k=v k2="v 2"} pairs; with {@code envLegacy}, also {@code ENV key value with spaces}. */
  private Map<String, String> pairs(String rest, boolean envLegacy) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> tokens = tokens(rest);
    if (envLegacy && !tokens.isEmpty() && !tokens.get(0).contains("=")) {
      String[] kv = rest.split("\\s+", 2);
      out.put(kv[0], kv.length > 1 ? unquote(subst(kv[1])) : "");
      return out;
    }
    for (String t : tokens) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw fail("syntax error in '" + rest + "': expected key=value");
      }
      out.put(unquote(t.substring(0, eq)), unquote(subst(t.substring(eq + 1))));
    }
    return out;
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (char ch : s.toCharArray()) {
      if (quote != 0) {
        cur.append(ch);
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
        cur.append(ch);
      } else if (Character.isWhitespace(ch)) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String unquote(String s) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (char ch : s.toCharArray()) {
      if (quote == 0 && (ch == '"' || ch == '\'')) {
        quote = ch;
      } else if (ch == quote) {
        quote = 0;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /**
   * ${VAR}, ${VAR:-default} and $VAR from ARG and ENV values; the result is data, never evaluated
   * further.
   */
  private String subst(String s) {
    Matcher m = VAR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String value = env != null && env.containsKey(name) ? env.get(name) : args.get(name);
      if (value == null || value.isEmpty()) {
        value = m.group(2) != null ? m.group(2) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String absolute(String p) {
    String abs = p.startsWith("/") ? p : join(workdir == null ? "/" : workdir, p);
    String n = Path.of(abs).normalize().toString();
    return n;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  private static List<String> instructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (cur.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        cur.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      cur.append(line);
      out.add(cur.toString().strip());
      cur.setLength(0);
    }
    if (cur.length() > 0) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private void say(String line) {
    tail.addLast(line);
    if (tail.size() > TAIL) {
      tail.removeFirst();
    }
    build.listener().accept(line);
  }

  private BuildFailedException fail(String error) {
    say(error);
    return new BuildFailedException(
        error, step, List.copyOf(tail), "inmemory://", build.tags().get(0), null);
  }

  private static Map<String, byte[]> readDir(Path dir) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** Regular files of an uncompressed or gzip ustar archive. */
  static Map<String, byte[]> readTar(Path tar) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (InputStream raw = Files.newInputStream(tar);
        InputStream in = gz(raw)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        if (header[0] == 0) {
          break;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size =
            Long.parseLong(
                field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        byte type = header[156];
        byte[] body = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == '0' || type == 0) {
          out.put(name.startsWith("./") ? name.substring(2) : name, body);
        }
      }
    }
    return out;
  }

  private static InputStream gz(InputStream raw) throws IOException {
    java.io.BufferedInputStream b = new java.io.BufferedInputStream(raw);
    b.mark(2);
    int m1 = b.read();
    int m2 = b.read();
    b.reset();
    return m1 == 0x1f && m2 == 0x8b ? new GZIPInputStream(b) : b;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.US_ASCII);
  }
}
