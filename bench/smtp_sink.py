# ruff: noqa: T201  (a command-line benchmark reports on stdout)
"""A small SMTP sink for benchmarks and fault tests: accepts every message on 127.0.0.1,
stores nothing but how many messages each recipient got and their Message-IDs, and
writes that as JSON when told to stop (SIGTERM or SIGINT).

    python bench/smtp_sink.py --port 2525 --out bench-results/sink.json [--delay 0.02]

--delay holds each message that long before accepting it, as a slow mail server does.

Speaks just enough SMTP for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
"""

import argparse
import asyncio
import json
import re
import signal
import time
from collections import Counter, defaultdict

RECEIVED = Counter()
MESSAGE_IDS = defaultdict(set)  # recipient -> the Message-IDs of what they got
_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
DELAY = 0.0
STATS = {"messages": 0, "bytes": 0, "first": None, "last": None, "connections": 0}


async def handle(reader, writer):
    STATS["connections"] += 1
    writer.write(b"220 sink ESMTP ready\r\n")
    recipients = []
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            command = line[:4].upper()
            if command == b"EHLO":
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n")
            elif command == b"HELO":
                writer.write(b"250 sink\r\n")
            elif command == b"MAIL":
                recipients = []
                writer.write(b"250 OK\r\n")
            elif command == b"RCPT":
                address = line.split(b":", 1)[1].strip().strip(b"<>").split(b">")[0]
                recipients.append(address.decode("utf-8", "replace").lower())
                writer.write(b"250 OK\r\n")
            elif command == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                body = await reader.readuntil(b"\r\n.\r\n")
                if DELAY:
                    await asyncio.sleep(DELAY)
                found = _MESSAGE_ID.search(body.split(b"\r\n\r\n", 1)[0])
                for address in recipients:
                    MESSAGE_IDS[address].add(found.group(1).decode() if found else "")
                now = time.time()
                STATS["messages"] += 1
                STATS["bytes"] += len(body)
                STATS["first"] = STATS["first"] or now
                STATS["last"] = now
                RECEIVED.update(recipients)
                recipients = []
                writer.write(b"250 OK queued\r\n")
            elif command == b"RSET":
                recipients = []
                writer.write(b"250 OK\r\n")
            elif command == b"NOOP":
                writer.write(b"250 OK\r\n")
            elif command == b"QUIT":
                writer.write(b"221 Bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"502 Command not implemented\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(port, out):
    server = await asyncio.start_server(handle, "127.0.0.1", port, limit=2**24)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"smtp sink listening on 127.0.0.1:{port}", flush=True)
    async with server:
        await stop.wait()
    with open(out, "w") as handle_out:
        message_ids = {address: sorted(ids) for address, ids in MESSAGE_IDS.items()}
        json.dump({**STATS, "recipients": RECEIVED, "message_ids": message_ids}, handle_out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--out", default="sink.json")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to hold each message")
    options = parser.parse_args()
    DELAY = options.delay
    asyncio.run(main(options.port, options.out))
