"""Send a newsletter to every subscriber with a pool of SMTP sender threads."""
import smtplib
import threading
from email.message import EmailMessage
from multiprocessing.pool import ThreadPool

SMTP_HOST = "localhost"
BATCH_SIZE = 50
sent_count = 0
sent_lock = threading.Lock()


def build_message(address, subject, body):
    message = EmailMessage()
    message["From"] = "news@example.com"
    message["To"] = address
    message["Subject"] = subject
    message.set_content(body)
    return message


def send(message):
    global sent_count
    with smtplib.SMTP(SMTP_HOST) as smtp:
        smtp.send_message(message)
    with sent_lock:
        sent_count += 1


def progress(total, finished):
    while not finished.wait(1):
        print("sent %d of %d" % (sent_count, total))


def send_newsletter(addresses, subject, body):
    finished = threading.Event()
    watcher = threading.Thread(target=progress, args=(len(addresses), finished))
    watcher.start()
    pool = ThreadPool(8)
    for start in range(0, len(addresses), BATCH_SIZE):
        batch = [build_message(a, subject, body) for a in addresses[start:start + BATCH_SIZE]]
        pool.map_async(send, batch)
    pool.close()
    pool.join()
    finished.set()
    watcher.join()


if __name__ == "__main__":
    with open("subscribers.txt") as f:
        subscribers = [line.strip() for line in f if "@" in line]
    send_newsletter(subscribers, "Monthly digest", "Hello! Here is what happened this month.")
