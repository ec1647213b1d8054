package dev.cloudnative.examples;

/** What every example shares: printing short readable lines (examples may print; the SDK itself only logs). */
final class Example {

  private Example() {
  }

  /** Prints one line of the example's story. */
  static void say(String line) {
    System.out.println(line);
  }
}
