package dev.cloudnative.storage.node;

import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link FileNodeCrashTest}: writes to a FileNode as fast as it can and prints
 * the sequence number of every write the node acknowledged, until it is killed.
 */
public final class FileNodeWriterMain {
  private FileNodeWriterMain() {}

  public static void main(String[] args) {
    FileNode node =
        FileNode.builder("child", Path.of(args[0])).fsync(FsyncPolicy.valueOf(args[1])).open();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    byte[] value = new byte[512];
    for (long i = 1; ; i++) {
      byte[] key = ("key-" + (i % 5000)).getBytes(StandardCharsets.UTF_8);
      value[0] = (byte) i;
      node.putIfNewer(key, VersionedValue.of(new Version(i, 7), value));
      out.println(i);
    }
  }
}
