package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.atende.media.codec.G711;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.NegotiatedMedia;

/**
 * The audio formats a leg's offer/answer agreed, as tables indexed by payload type and by G.711 law, so that the
 * per-packet questions (is this audio, which law, under which payload type may the other leg relay it) are array
 * look-ups. Not thread-safe: owned by the leg's loop. Allocation-free after {@link #configure}.
 */
final class PayloadFormats {

    /** G.711 laws, indexes of {@link #sendPayloadTypes}; payload types of other codecs map to {@link #NO_LAW}. */
    static final byte NO_LAW = 0;
    static final byte ULAW = 1;
    static final byte ALAW = 2;

    /** Per received payload type: its G.711 law, or NO_LAW when it is not an agreed audio format. */
    private final byte[] lawOfPayloadType = new byte[128];
    /** Per law: the payload type we send it in on this leg, or -1 when the peer did not agree to it. */
    private final int[] sendPayloadTypes = {-1, -1, -1};
    /** The law of the chosen codec, what Atende encodes in on this leg. */
    private byte sendLaw;

    void configure(NegotiatedMedia media) {
        Arrays.fill(lawOfPayloadType, NO_LAW);
        Arrays.fill(sendPayloadTypes, -1);
        for (NegotiatedMedia.Format f : media.formats()) {
            byte law = lawOf(f.codec());
            if (law != NO_LAW) {
                lawOfPayloadType[f.payloadType()] = law;
                if (sendPayloadTypes[law] < 0) {
                    sendPayloadTypes[law] = f.payloadType();
                }
            }
        }
        sendLaw = lawOf(media.codec());
    }

    static byte lawOf(Codec c) {
        return Codec.PCMU.equals(c) ? ULAW : Codec.PCMA.equals(c) ? ALAW : NO_LAW;
    }

    /** Whether the peer agreed to receive {@code c} (in any of its payload types). */
    boolean accepts(Codec c) {
        byte law = lawOf(c);
        return law != NO_LAW && sendPayloadTypes[law] >= 0;
    }

    boolean isAudio(int pt) {
        return lawOfPayloadType[pt] != NO_LAW;
    }

    boolean sendsUlaw() {
        return sendLaw == ULAW;
    }

    /** The payload type this leg sends {@code from}'s payload type {@code pt} in, or -1 when it cannot. */
    int sendPayloadTypeFor(PayloadFormats from, int pt) {
        return sendPayloadTypes[from.lawOfPayloadType[pt]];
    }

    /** Decodes the packet's G.711 payload (in its own payload type's law) into {@code out}; returns the samples. */
    int decode(ByteBuf packet, RtpHeader h, short[] out) {
        int n = Math.min(h.payloadLength(), out.length);
        int at = h.payloadOffset();
        byte law = lawOfPayloadType[h.payloadType()];
        if (law == ULAW) {
            for (int i = 0; i < n; i++) {
                out[i] = G711.ulawToLinear(packet.getByte(at + i));
            }
        } else if (law == ALAW) {
            for (int i = 0; i < n; i++) {
                out[i] = G711.alawToLinear(packet.getByte(at + i));
            }
        } else {
            return 0;
        }
        return n;
    }
}
