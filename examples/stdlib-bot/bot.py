"""Posts a heartbeat line every few seconds; the standard library only."""
import logging
import os
import time

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
INTERVAL = float(os.environ.get("BOT_INTERVAL", "5"))


def main() -> None:
    logging.info("bot started, interval %.1fs", INTERVAL)
    try:
        while True:
            logging.info("heartbeat")
            time.sleep(INTERVAL)
    except KeyboardInterrupt:
        logging.info("stopping")


if __name__ == "__main__":
    main()
