package org.atende.it;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A bare UDP socket for sending arbitrary bytes and reading the answers, one at a time. */
final class RawUdp implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    RawUdp(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next message within {@code millis}, or null. */
    SIPMessage receive(int millis) throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(millis);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        try {
            return new StringMsgParser().parseSIPMessage(Arrays.copyOf(buffer, packet.getLength()), true, false, null);
        } catch (java.text.ParseException e) {
            throw new AssertionError("engine sent an unparseable message: " + new String(buffer, 0, packet.getLength()), e);
        }
    }

    /** The next message whose Call-ID is {@code callId}, skipping others (late retransmissions). */
    SIPMessage receiveMatching(String callId, int millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            SIPMessage m = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (m == null) {
                return null;
            }
            if (m.getCallId() != null && callId.equals(m.getCallId().getCallId())) {
                return m;
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
