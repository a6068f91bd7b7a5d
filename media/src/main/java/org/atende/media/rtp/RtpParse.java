package org.atende.media.rtp;

/** Outcome of {@link RtpHeader#parse(io.netty.buffer.ByteBuf)}: a valid header or the reason it is not RTP. */
public sealed interface RtpParse {

    /** A valid packet; the header's offsets refer to the parsed buffer. */
    record Valid(RtpHeader header) implements RtpParse {
    }

    /** Not an RTP packet; to be dropped and counted. */
    record Malformed(RtpMalformation reason) implements RtpParse {
    }
}
