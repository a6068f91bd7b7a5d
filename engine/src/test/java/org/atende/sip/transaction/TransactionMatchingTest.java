package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.transaction.Messages.ALICE;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import org.atende.sip.transport.Endpoint;
import org.junit.jupiter.api.Test;

/** Server-side matching (RFC 3261 §17.2.3), CANCEL (§9.2), merged requests (§8.2.2.2), stray messages. */
class TransactionMatchingTest {

    private final ManualTimerService timers = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
    private final Messages.Req invite = Messages.invite();

    private void settle() {
        timers.advanceMillis(300_000);
    }

    @Test
    void cancelOfPendingInviteIsAnswered200AndReachesTheTu() {
        user.onCancelDo(tx -> tx.respond(487));
        layer.onRequest(invite.build(), ALICE);
        ServerTransaction inviteTx = user.lastRequest();
        SIPResponse ringing = inviteTx.respond(180);
        sender.drain();

        SIPRequest cancel = invite.as("CANCEL").build();
        layer.onRequest(cancel, ALICE);

        assertThat(sender.summary()).containsExactly("200", "487");
        SIPResponse cancelOk = sender.sent().get(0).response();
        assertThat(cancelOk.getCSeq().getMethod()).isEqualTo("CANCEL");
        assertThat(cancelOk.getToTag()).as("RFC 3261 §9.2: same To tag as the INVITE's responses")
                .isEqualTo(ringing.getToTag());
        assertThat(sender.sent().get(1).response().getCSeq().getMethod()).isEqualTo("INVITE");
        assertThat(user.cancels).containsExactly(cancel);
        assertThat(user.requests).as("the CANCEL does not reach onRequest").containsExactly(inviteTx);
        assertThat(inviteTx.state()).isEqualTo(TransactionState.COMPLETED);

        layer.onRequest(invite.as("ACK").toTag(ringing.getToTag()).build(), ALICE);
        settle();
        assertThat(layer.size()).isZero();
    }

    @Test
    void retransmittedCancelGetsTheSame200AndTheTuIsToldOnce() {
        layer.onRequest(invite.build(), ALICE);
        layer.onRequest(invite.as("CANCEL").build(), ALICE);
        layer.onRequest(invite.as("CANCEL").build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "200", "200");
        assertThat(sender.sent().get(2).message().encode()).as("the same 200, resent from its bytes").isEqualTo(sender.sent().get(1).message().encode());
        assertThat(user.cancels).hasSize(1);
    }

    @Test
    void cancelAfterTheFinalResponseIsOnlyAnswered200() {
        layer.onRequest(invite.build(), ALICE);
        user.lastRequest().respond(200);

        layer.onRequest(invite.as("CANCEL").build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "200", "200");
        assertThat(sender.last().response().getCSeq().getMethod()).isEqualTo("CANCEL");
        assertThat(user.cancels).isEmpty();
    }

    @Test
    void unmatchedCancelGets481() {
        layer.onRequest(invite.build(), ALICE);

        layer.onRequest(invite.as("CANCEL").branch("z9hG4bK-other").build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "481");
        assertThat(sender.last().response().getCSeq().getMethod()).isEqualTo("CANCEL");
        assertThat(sender.last().destination()).isEqualTo(ALICE);
        assertThat(user.cancels).isEmpty();
    }

    @Test
    void cancelFromAnotherSentByDoesNotMatch() {
        layer.onRequest(invite.build(), ALICE);

        layer.onRequest(invite.as("CANCEL").sentBy("192.0.2.99:5060").build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "481");
    }

    @Test
    void mergedRequestGets482() {
        layer.onRequest(invite.build(), ALICE);

        Endpoint otherPath = Endpoint.udp(new InetSocketAddress("192.0.2.11", 5060));
        layer.onRequest(invite.as("INVITE").branch("z9hG4bK-forked").sentBy("192.0.2.11:5060").build(), otherPath);

        assertThat(sender.summary()).containsExactly("100", "482");
        assertThat(sender.last().destination()).isEqualTo(otherPath);
        assertThat(sender.last().response().getToTag()).isNotBlank();
        assertThat(user.requests).hasSize(1);
        assertThat(layer.size()).as("the 482 is stateless").isEqualTo(1);
    }

    @Test
    void requestsDifferingInCSeqAreNotMerged() {
        layer.onRequest(invite.build(), ALICE);

        layer.onRequest(Messages.invite().branch("z9hG4bK-2").cseq(2).build(), ALICE);

        assertThat(user.requests).hasSize(2);
    }

    @Test
    void sentByIsPartOfTheMatchDefaultPortIncluded() {
        layer.onRequest(invite.sentBy("client.example").callId("a").build(), ALICE);
        layer.onRequest(Messages.invite().sentBy("CLIENT.example:5060").callId("a").build(), ALICE);
        layer.onRequest(Messages.invite().sentBy("client.example:5070").callId("b").build(), ALICE);

        assertThat(user.requests).as("first two are one transaction").hasSize(2);
        assertThat(sender.summary()).containsExactly("100", "100", "100");
    }

    @Test
    void rfc2543RequestMatchedWithoutMagicCookie() {
        Messages.Req legacy = Messages.invite().branch(null);
        layer.onRequest(legacy.build(), ALICE);
        ServerTransaction tx = user.lastRequest();
        SIPResponse busy = tx.respond(486);

        layer.onRequest(legacy.build(), ALICE);
        assertThat(sender.summary()).containsExactly("100", "486", "486");
        assertThat(user.requests).hasSize(1);

        layer.onRequest(legacy.as("ACK").toTag(busy.getToTag()).build(), ALICE);
        assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
        assertThat(user.acks).isEmpty();
        settle();
        assertThat(layer.size()).isZero();
    }

    @Test
    void rfc2543BranchWithoutCookieMatchesByMessageValues() {
        Messages.Req legacy = Messages.invite().branch("1234abcd");
        layer.onRequest(legacy.build(), ALICE);
        ServerTransaction tx = user.lastRequest();

        layer.onRequest(legacy.as("CANCEL").build(), ALICE);
        assertThat(user.cancels).hasSize(1);
        assertThat(sender.summary()).containsExactly("100", "200");

        tx.respond(487);
        layer.onRequest(legacy.as("ACK").toTag("not-our-tag").build(), ALICE);
        assertThat(tx.state()).as("an ACK with another To tag does not match").isEqualTo(TransactionState.COMPLETED);
        assertThat(user.acks).hasSize(1);
    }

    @Test
    void ackMatchingNothingGoesToTheTu() {
        SIPRequest ack = invite.as("ACK").toTag("t1").branch("z9hG4bK-ack").build();

        layer.onRequest(ack, ALICE);

        assertThat(user.acks).containsExactly(ack);
        assertThat(sender.sent()).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void responseMatchingNoClientTransactionIsStray() {
        SIPResponse response = Messages.response(invite.build(), 200, "x");

        layer.onResponse(response, Messages.BOB);

        assertThat(user.strays).containsExactly(response);
    }
}
