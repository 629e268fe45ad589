package org.dunning.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads a recipient's mailbox back from the SMTP server over IMAP, as a mail client would. */
public final class Mailbox {

    /** A received message: who it was for, its subject, Message-ID, body (its text parts) and attachments. */
    public record Received(List<String> to, String subject, String messageId, String body,
                           List<Attachment> attachments) {
    }

    /** A part the message carries as a file: its name, media type (without parameters) and bytes. */
    public record Attachment(String fileName, String contentType, byte[] data) {
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
                    List<Attachment> attachments = new ArrayList<>();
                    out.add(new Received(to, m.getSubject(), ids == null ? null : ids[0],
                            text(m.getContent(), attachments), attachments));
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

    private static String text(Object content, List<Attachment> attachments) throws MessagingException, IOException {
        if (content instanceof MimeMultipart mp) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                    try (InputStream in = part.getInputStream()) {
                        String type = part.getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
                        attachments.add(new Attachment(part.getFileName(), type, in.readAllBytes()));
                    }
                } else {
                    sb.append(text(part.getContent(), attachments));
                }
            }
            return sb.toString();
        }
        return String.valueOf(content);
    }

    private Mailbox() {
    }
}
