package org.atende.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One headless baresip phone (the recipe of shared/interop/baresip): a config dir, the process, and its
 * ctrl_tcp control connection (netstring JSON commands, asynchronous events).
 */
final class Baresip implements AutoCloseable {

    final Path dir;
    final int ctrlPort;
    private final Peers.Proc proc;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Socket ctrl;
    private Thread reader;

    Baresip(Path dir, String user, String password, int serverPort, int sipPort, int ctrlPort, Path wav, boolean autoAnswer)
            throws Exception {
        this(dir, user, password, serverPort, sipPort, ctrlPort, wav, autoAnswer, "");
    }

    /**
     * {@code accountParams}: extra account parameters, e.g. ";mediaenc=srtp-mand" (loads the srtp module), or
     * ";audio_codecs=pcma" in place of the default PCMU and PCMA.
     */
    Baresip(Path dir, String user, String password, int serverPort, int sipPort, int ctrlPort, Path wav, boolean autoAnswer,
            String accountParams) throws Exception {
        this(dir, user, password, "sip:127.0.0.1:" + serverPort, sipPort, ctrlPort, wav, autoAnswer, accountParams);
    }

    /**
     * {@code outbound}: the proxy URI the phone sends everything to, e.g. {@code sip:127.0.0.1:5061;transport=tls}
     * (then the phone trusts the test CA of {@code src/test/resources/tls}).
     */
    Baresip(Path dir, String user, String password, String outbound, int sipPort, int ctrlPort, Path wav,
            boolean autoAnswer, String accountParams) throws Exception {
        this.dir = dir;
        this.ctrlPort = ctrlPort;
        Files.createDirectories(dir.resolve("rec"));
        String template;
        try (InputStream in = Baresip.class.getResourceAsStream("/baresip/config.template")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder config = new StringBuilder();
        for (String line : template.split("\n")) {
            if (!line.startsWith("#")) {
                line = line.replace("SIP_PORT", Integer.toString(sipPort))
                        .replace("CTRL_PORT", Integer.toString(ctrlPort))
                        .replace("CONS_PORT", Integer.toString(ctrlPort + 100))
                        .replace("SRC_WAV", wav.toAbsolutePath().toString())
                        .replace("REC_DIR", dir.resolve("rec").toAbsolutePath().toString());
            }
            config.append(line).append('\n');
            if (line.startsWith("net_interface") && outbound.contains("transport=tls")) {
                config.append("sip_cafile\t\t").append(TestTls.file("ca.pem")).append('\n');
            }
            if (line.startsWith("module\t\t\tg711.so") && accountParams.contains("mediaenc=srtp")) {
                config.append("module\t\t\tsrtp.so\n");
            }
        }
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@127.0.0.1>;auth_pass=" + password
                + ";outbound=\"" + outbound + ";lr\";answermode=" + (autoAnswer ? "auto" : "manual")
                + ";regint=300" + (accountParams.contains("audio_codecs=") ? "" : ";audio_codecs=pcmu,pcma")
                + accountParams + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        proc = new Peers.Proc(List.of("baresip", "-f", dir.toString()), dir.resolve("log"), dir);
    }

    String log() {
        return proc.output();
    }

    /** Waits until the log shows a successful registration. */
    void awaitRegistered() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (log().contains("200 OK")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling another process's log file: no event to wait on
        }
        throw new AssertionError("baresip did not register:\n" + log());
    }

    void connect() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                ctrl = new Socket("127.0.0.1", ctrlPort);
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        reader = new Thread(this::readEvents, "baresip-ctrl-" + ctrlPort);
        reader.setDaemon(true);
        reader.start();
    }

    void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = ctrl.getOutputStream();
        out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write(',');
        out.flush();
    }

    /**
     * Presses keys on the phone (baresip's cons module, the shared/interop recipe): each key held 200 ms, then
     * released; baresip sends them as RFC 4733 events.
     */
    void keys(String digits) throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            java.net.InetSocketAddress cons = new java.net.InetSocketAddress("127.0.0.1", ctrlPort + 100);
            for (char d : digits.toCharArray()) {
                byte[] key = {(byte) d};
                s.send(new java.net.DatagramPacket(key, 1, cons));
                TimeUnit.MILLISECONDS.sleep(200);
                s.send(new java.net.DatagramPacket(new byte[] {4}, 1, cons));
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** Waits for an event of {@code type} (CALL_ESTABLISHED, CALL_CLOSED, …); returns its JSON. */
    String awaitEvent(String type, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no " + type + " event from baresip within " + seconds + " s; log:\n" + log());
            }
            if (event.contains("\"type\":\"" + type + "\"")) {
                return event;
            }
        }
    }

    private void readEvents() {
        try {
            InputStream in = ctrl.getInputStream();
            while (true) {
                ByteArrayOutputStream len = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    len.write(c);
                }
                int n = Integer.parseInt(len.toString(StandardCharsets.US_ASCII).trim());
                byte[] body = in.readNBytes(n);
                in.read(); // the trailing ','
                events.add(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | NumberFormatException e) {
            // connection closed
        }
    }

    /** A 16-bit mono 8 kHz WAV with a sine tone, for baresip's aufile source. */
    static void writeTone(Path file, double hz, int seconds) throws IOException {
        int samples = 8000 * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(2 * Math.PI * hz * i / 8000.0) * 12000));
        }
        Files.write(file, b.array());
    }

    @Override
    public void close() throws IOException {
        if (ctrl != null) {
            try {
                command("quit", "");
            } catch (IOException ignored) {
                // already gone
            }
            ctrl.close();
        }
        proc.close();
    }
}
