package org.dunning.testing;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads a recipient's mailbox back from the SMTP server over IMAP, as a mail client would. */
public final class Mailbox {

    /** A received message: who it was for, its subject, Message-ID and body. */
    public record Received(List<String> to, String subject, String messageId, String body) {
    }

    public static List<Received> read(String host, int imapPort, String address) {
        Properties props = new Properties();
        props.put("mail.imap.host", host);
        props.put("mail.imap.port", String.valueOf(imapPort));
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(host, imapPort, address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<Received> out = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    List<String> to = new ArrayList<>();
                    for (var a : m.getAllRecipients()) {
                        to.add(a.toString());
                    }
                    String[] ids = m.getHeader("Message-ID");
                    out.add(new Received(to, m.getSubject(), ids == null ? null : ids[0], text(m.getContent())));
                }
                inbox.close(false);
                return out;
            } finally {
                store.close();
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the mailbox of " + address, e);
        }
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof MimeMultipart mp) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                sb.append(text(mp.getBodyPart(i).getContent()));
            }
            return sb.toString();
        }
        return String.valueOf(content);
    }

    private Mailbox() {
    }
}
