package org.dunning.infra;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A real SMTP server (GreenMail) that keeps every message it accepts, with IMAP to read them back. */
public final class SmtpServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final int smtpPort;
    private final int imapPort;
    private final AtomicLong delivered;

    private SmtpServer(GreenMail greenMail, int smtpPort, int imapPort, AtomicLong delivered) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.delivered = delivered;
    }

    /** Starts SMTP and IMAP on the given ports (0 = free ports). Any login is accepted. */
    public static SmtpServer start(int smtpPort, int imapPort) {
        int smtp = smtpPort == 0 ? Ports.free() : smtpPort;
        int imap = imapPort == 0 ? Ports.free() : imapPort;
        GreenMail gm = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        gm.start();
        // each recipient of each accepted message passes the delivery handler once: counted there, so that a client
        // can follow the deliveries without listing the mailboxes
        AtomicLong delivered = new AtomicLong();
        UserManager users = gm.getUserManager();
        MessageDeliveryHandler mailbox = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            GreenMailUser user = mailbox.handle(message, address);
            delivered.incrementAndGet();
            return user;
        });
        return new SmtpServer(gm, smtp, imap, delivered);
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /**
     * Deliveries since the server started: one per recipient of each message accepted (a purge does not reset it);
     * costs nothing to read, unlike {@link #received()}, which copies every mailbox.
     */
    public long delivered() {
        return delivered.get();
    }

    /** Every message the server has accepted so far. */
    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** The messages delivered to one address. */
    public List<MimeMessage> receivedBy(String address) {
        return List.of(greenMail.getReceivedMessagesForDomain(address));
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
