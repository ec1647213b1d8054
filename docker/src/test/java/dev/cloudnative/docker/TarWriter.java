package dev.cloudnative.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a minimal ustar archive (regular files only) for tar-context builds. */
final class TarWriter {
  private TarWriter() {}

  static void write(Path target, Map<String, byte[]> files) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        byte[] header = new byte[512];
        put(header, 0, f.getKey(), 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", f.getValue().length), 12);
        put(header, 136, String.format("%011o", 0L), 12);
        header[156] = '0';
        put(header, 257, "ustar", 6);
        put(header, 263, "00", 2);
        for (int i = 148; i < 156; i++) {
          header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
          sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 7);
        out.write(header);
        out.write(f.getValue());
        int pad = (512 - f.getValue().length % 512) % 512;
        out.write(new byte[pad]);
      }
      out.write(new byte[1024]);
    }
  }

  private static void put(byte[] h, int off, String s, int len) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, Math.min(b.length, len));
  }
}
