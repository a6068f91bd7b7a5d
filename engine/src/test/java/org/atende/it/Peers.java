package org.atende.it;


import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the real independent SIP peers (SIPp, baresip). Outside CI a missing peer skips the test
 * with a message; in CI (CI=true) it fails, because .ci/run installs them.
 */
final class Peers {

    private Peers() {
    }

    static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    static void require(String binary) {
        org.atende.testing.Prerequisite.require(onPath(binary),
                binary + " is not installed (apt-get install sip-tester baresip sipvicious sipsak fail2ban)");
    }

    /** The repository root: the nearest parent holding bench/sipp. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("bench/sipp"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find bench/sipp above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path scenario(String name) {
        return repoRoot().resolve("bench/sipp").resolve(name);
    }

    /** A started process whose output goes to a file, killed on close. */
    static final class Proc implements AutoCloseable {
        final Process process;
        final Path log;

        Proc(List<String> command, Path log, Path workDir) throws IOException {
            this.log = log;
            this.process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        }

        int waitFor(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process did not finish in " + seconds + " s: " + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Registers (or, with {@code expires} 0, un-registers) a SIPp agent as extension {@code ext} with password
     * {@code "demo" + ext} from {@code localPort}, where a SIPp UAS will then take its calls. Registering must
     * succeed; un-registering is best effort (clean-up).
     */
    static void register(int serverPort, String ext, int localPort, int mediaPort, int expires, Path work)
            throws IOException, InterruptedException {
        List<String> cmd = sipp(serverPort, "register_auth.xml", localPort, mediaPort, "-m", "1", "-s", ext, "-au", ext,
                "-ap", "demo" + ext, "-key", "expires", Integer.toString(expires));
        try (Proc reg = new Proc(cmd, work.resolve("reg-" + ext + "-" + expires + ".log"), work)) {
            int rc = reg.waitFor(30);
            if (expires > 0 && rc != 0) {
                throw new AssertionError("SIPp could not register " + ext + ": " + reg.output());
            }
        }
    }

    static List<String> sipp(int serverPort, String scenario, int localPort, int mediaPort, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("sipp", "127.0.0.1:" + serverPort, "-sf", scenario(scenario).toString(),
                "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", Integer.toString(localPort), "-mp", Integer.toString(mediaPort),
                "-nostdin", "-key", "domain", "127.0.0.1", "-timeout", "30s", "-timeout_error"));
        cmd.addAll(List.of(extra));
        return cmd;
    }
}
