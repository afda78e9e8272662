#!/usr/bin/env python3
"""The web interface as people use it, in headless Chromium (Debian's chromium, chromium-driver,
python3-selenium): a filler logs in, sees an inline error, finds 公安's figure pre-filled, corrects it
(refused without a reason, accepted with one) and submits June; a department (公安) sees the
communities' corrections and differences, uploads a CSV, has a CSV with another source's field
refused row by row, and downloads the differences as CSV; a reviewer sees the form submitted,
downloads a merged XLSX, which openpyxl reads, opens the form read-only, approves and returns it; a
district reviewer sees the district; both reviewers and the admin see the catalogue of reports (22,
the expired ones marked) and the fields most asked. An admin edits a template and checks it, imports
a department's XLSX (住建's elevator form) as a draft report with its column mapping, checks and
publishes it, then removes a field that has stored values: publishing asks for confirmation, which
cancelled publishes nothing and given publishes. The admin then manages accounts (/admin/users): finds
王家坝社区's users by searching, adds a worker for it with a temporary password (a taken name and a
short password are refused), disables and enables an account and resets a password. Last, the admin
changes the unit tree (/admin/units), from July 2023 on so that nothing above is disturbed: sees June
2023's tree indented by level and searches it, closes 龙王庙社区 after June 2023 (issue 13: the street's
Q2 report XML is the same as before but for its time, Q3 has one community less, June's form keeps its
values and July has none), adds a community from July, renames one from August (July keeps the old
name), has a street with open communities refused, and imports a units.csv from January 2024 without
天仙桥社区, previewed (撤并 1) then applied. The new worker logs in, is held on /me/password until the
temporary password is changed (two different new ones are refused), then lands on the community's
form and saves a draft. A reviewer opens 修改密码 from the header, which every role has; only admins
have the admin links.

Every page is visited as every role at desktop width (1280) and at phone width (390x844), under the
server's Content-Security-Policy. After every page and every action the browser console is read:
any SEVERE entry (a CSP violation, "Refused to …", an uncaught exception, a failed load such as a
missing favicon) fails the step, except the network failures a step provokes on purpose (matched by
URL and status). Violations are also collected by a `securitypolicyviolation` listener that Chrome
DevTools adds to each document before the page's own scripts run. Every page links its stylesheet,
favicon and scripts by their content's hash (`/static/app.<hash>.css`), the shared `bbt.js` first and
then the page's own script, all deferred; and nothing with a `hidden` attribute shows (the stylesheet's
`display` rules must not beat it: 单位管理's 应用 before a preview, 用户管理's 取消编辑 before 编辑).

    python3 Tests/Browser/browser_test.py [path/to/bbt] [--screenshot docs/form.png]
"""
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

import openpyxl
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BBT = next((a for a in sys.argv[1:] if not a.startswith("--") and not a.endswith(".png")), ".build/debug/bbt")
SHOT = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
DESKTOP, PHONE = (1280, 1600), (390, 844)
SIZES = (("desktop", DESKTOP), ("phone", PHONE))
passed = failed = 0

# Records CSP violations in each new document, before any of the page's scripts run.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                              ' at ' + (e.sourceFile || '') + ':' + (e.lineNumber || 0));
});
"""


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """A TCP relay between the browser and the server that the test can cut and restore: Chromium's
    offline emulation does not stop a service worker's own fetches, so the network is cut for real.
    Cut, it closes every open connection and refuses new ones at once (a phone without signal)."""

    def __init__(self, target):
        self.target, self.up, self.lock, self.open = target, True, threading.Lock(), []
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        self.up = False
        with self.lock:
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.open = []

    def restore(self):
        self.up = True


work = tempfile.mkdtemp(prefix="bbt-browser-")
port = free_port()
# The server's log goes to a file: a pipe nobody reads fills up (64 KiB) and then blocks the server.
server_log = open(os.path.join(work, "server.log"), "w")
server = subprocess.Popen([BBT, "serve", "--db", os.path.join(work, "bbt.sqlite"), "--port", str(port)],
                          stdout=server_log, stderr=subprocess.STDOUT, text=True)
base = f"http://127.0.0.1:{port}"
driver = None
try:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/api/v1/health", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    options = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
              "--lang=zh-CN"):
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_WATCH})
    wait = WebDriverWait(driver, 15)

    def resize(size):
        driver.set_window_size(*size)

    def settle():
        """Waits for the page to finish loading (and app.js to have run, if it loaded)."""
        try:
            wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        except TimeoutException:
            pass
        time.sleep(0.2)

    def console(step, expected=()):
        """Fails `step` on any SEVERE console entry or CSP violation since the last call, except the
        network failures in `expected`: (path, status) pairs the step provokes on purpose."""
        wanted = [(base + path, status) for path, status in expected]

        def allowed(message):
            return any((message.startswith(url + " ") or message.startswith(url + "?"))
                       and f"responded with a status of {status}" in message for url, status in wanted)

        entries = driver.get_log("browser")
        deadline = time.time() + 3
        # Chrome reports a failed fetch asynchronously: give an expected one a moment to arrive,
        # so that it does not land in the next step's log.
        while wanted and time.time() < deadline and not all(
                any((e["message"].startswith(url + " ") or e["message"].startswith(url + "?")) and f"status of {status}" in e["message"]
                    for e in entries)
                for url, status in wanted):
            time.sleep(0.2)
            entries += driver.get_log("browser")
        severe = [e["message"] for e in entries if e["level"] == "SEVERE" and not allowed(e["message"])]
        try:
            violations = driver.execute_script("return window.__cspViolations || []")
            driver.execute_script("if (window.__cspViolations) window.__cspViolations.length = 0")
        except WebDriverException as e:
            violations = [f"(could not read violations: {e.msg})"]
        check(f"{step}: no console errors or CSP violations", not severe and not violations,
              "\n       " + "\n       ".join(severe + violations))

    def page_checks(step, phone):
        """The checks every HTML page gets: console, CSP header, stylesheet and script applied, favicon
        link, and at phone width no sideways scrolling of the page itself."""
        console(step)
        status, csp = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(location.href, {credentials: 'same-origin', redirect: 'manual'})
              .then(r => done([r.status, r.headers.get('content-security-policy')]))
              .catch(e => done([0, String(e)]));""")
        check(f"{step}: a Content-Security-Policy header without unsafe-inline",
              status == 200 and csp is not None and "unsafe-inline" not in csp and "unsafe-eval" not in csp
              and re.search(r"(^|;)\s*(script-src|default-src) 'self'", csp) is not None, f"{status} {csp!r}")
        looks = driver.execute_script("""
            const icon = document.querySelector('link[rel=icon]');
            return [getComputedStyle(document.querySelector('header')).backgroundColor,
                    document.documentElement.dataset.app || '', icon ? icon.getAttribute('href') : null,
                    document.querySelectorAll('[style]').length];""")
        check(f"{step}: app.css and the scripts applied, favicon linked, no style attributes",
              looks[:2] == ["rgb(179, 38, 30)", "ready"] and hashed(looks[2], "favicon", "svg") and looks[3] == 0, str(looks))
        scripts = driver.execute_script("""
            return [...document.scripts].filter(s => s.src).map(s => [new URL(s.src).pathname, s.defer]);""")
        check(f"{step}: the shared script first, then the page's own, all deferred, by their hash",
              scripts and hashed(scripts[0][0], "bbt", "js") and all(d for _, d in scripts)
              and all(re.fullmatch(r"/static/[a-z]+\.[0-9a-f]{12}\.js", s) for s, _ in scripts[1:])
              and driver.execute_script("return !!window.BBT && Object.isFrozen(window.BBT)"), str(scripts))
        hidden_shown(step)
        if phone:
            no_overflow(step)

    def hashed(path, stem, ext):
        """Whether `path` is `/static/<stem>.<12 hex digits>.<ext>`."""
        return isinstance(path, str) and re.fullmatch(rf"/static/{stem}\.[0-9a-f]{{12}}\.{ext}", path) is not None

    def hidden_shown(step):
        """Fails `step` when an element with the `hidden` attribute is displayed anyway."""
        shown = []
        for el in driver.find_elements(By.CSS_SELECTOR, "[hidden]"):
            try:
                if el.is_displayed():
                    shown.append(el.get_attribute("id") or el.tag_name)
            except StaleElementReferenceException:
                pass
        check(f"{step}: nothing with a hidden attribute is displayed", not shown, str(shown))

    def no_overflow(step):
        """At phone width, the page itself does not scroll sideways (wide tables scroll in their own box)."""
        width = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]")
        check(f"{step}: no horizontal overflow", width[1] <= 400 and width[0] <= width[1] + 1 and width[2] <= width[1] + 1,
              f"scrollWidth {width[0]} (body {width[2]}) > innerWidth {width[1]}")

    def visit(step, path, ready=None, sizes=SIZES):
        """Opens `path` at each width (ending at desktop width) and runs the page checks."""
        for label, size in sizes:
            resize(size)
            driver.get(base + path)
            settle()
            if ready:
                wait.until(EC.presence_of_element_located(ready))
            page_checks(f"{step} [{label}]", size == PHONE)
        resize(DESKTOP)

    def login(user, password="demo1234"):
        driver.get(base + "/login")
        driver.find_element(By.ID, "username").send_keys(user)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login").click()

    def logout(who):
        driver.find_element(By.ID, "logout").click()
        wait.until(lambda d: d.current_url.endswith("/login"))
        settle()
        console(f"{who} logs out")
        check(f"{who} is logged out", not driver.find_elements(By.ID, "logout"))

    def text_of(element_id):
        """The text of an element that may be replaced by a reload meanwhile."""
        try:
            return driver.find_element(By.ID, element_id).text
        except (StaleElementReferenceException, WebDriverException):
            return ""

    # The favicon the layout links (by its content's hash), and the one browsers ask for by themselves.
    with urllib.request.urlopen(base + "/login") as r:
        linked = re.search(r'<link rel="icon" href="([^"]+)"', r.read().decode("utf-8"))
    icon = linked.group(1) if linked else "(no icon linked)"
    check("the layout links the favicon by its hash", hashed(icon, "favicon", "svg"), icon)
    for path in (icon, "/favicon.ico"):
        try:
            with urllib.request.urlopen(base + path) as r:
                body, kind = r.read(), r.headers.get("Content-Type", "")
            root = ElementTree.fromstring(body)
            check(f"{path} is an SVG image", kind.startswith("image/svg+xml") and root.tag == "{http://www.w3.org/2000/svg}svg",
                  kind)
        except Exception as e:
            check(f"{path} is an SVG image", False, repr(e))

    # Nobody logged in: the log-in page, and a wrong password shown on it.
    driver.get(base + "/")
    settle()
    check("an anonymous visitor is sent to the log-in page", driver.current_url == base + "/login", driver.current_url)
    visit("anonymous /login", "/login", (By.ID, "username"))
    check("the log-in page names no file on the server", "users.csv" not in driver.find_element(By.TAG_NAME, "main").text,
          driver.find_element(By.TAG_NAME, "main").text)
    # The unhashed names of old are gone: a page cached from before asks again and gets today's.
    for path in ("/static/app.css", "/static/app.js", "/static/favicon.svg"):
        try:
            with urllib.request.urlopen(base + path) as r:
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        check(f"{path} is no longer served", status == 404, str(status))
    login("c002003", "wrong-password")
    settle()
    bad = driver.find_elements(By.CSS_SELECTOR, ".card.login .msg.bad")
    check("a wrong password is shown on the log-in page", bad and "用户名或密码错误" in bad[0].text,
          bad[0].text if bad else "no message")
    console("log-in with a wrong password", expected=[("/login", 401)])

    # The filler of 王家坝社区, whose June is not yet submitted.
    login("c002003")
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    console("the filler logs in")
    check("the filler lands on June's form", "2023年6月" in driver.title, driver.title)
    # 待办: June's form, past its day, in the box under the header.
    try:
        wait.until(lambda d: d.find_element(By.ID, "todo").is_displayed())
        todo = driver.find_element(By.ID, "todo").text
    except (TimeoutException, WebDriverException):
        todo = ""
    check("the filler's 待办 says June's form is late", "待填报" in todo and "2023-06" in todo and "已逾期" in todo, todo)
    visit("filler /form June", "/form/510104002003?month=2023-06", (By.ID, "form"))
    visit("filler /form May", "/form/510104002003?month=2023-05", (By.ID, "form"))
    check("May, submitted, is locked", driver.find_element(By.ID, "status").text == "已上报"
          and not driver.find_elements(By.ID, "save")
          and all(not el.is_enabled() for el in driver.find_elements(By.CSS_SELECTOR, "[data-field]")))

    driver.get(base + "/form/510104002003?month=2023-06")
    settle()
    # 持证残疾人 by 残疾类别 (a quarterly figure, on June's form): a grid whose total is worked out as
    # one types; at phone width its cells wrap and each stays wide enough to type in.
    resize(PHONE)
    settle()
    grid = driver.find_elements(By.CSS_SELECTOR, "[data-grid=pop_disabled]")
    cells = driver.find_elements(By.CSS_SELECTOR, "[data-grid=pop_disabled] input[data-field]")
    total = driver.find_elements(By.CSS_SELECTOR, "[data-grid=pop_disabled] output[data-total-for]")
    check("the 持证残疾人 grid shows its seven cells and a total", grid and len(cells) == 7 and total, f"{len(cells)} cells")
    if grid and len(cells) == 7 and total:
        before = [c.get_attribute("value") for c in cells]
        for c, v in zip(cells, ["1", "2", "3", "4", "5", "6", "7"]):
            c.clear()
            c.send_keys(v)
        check("the grid's total is worked out as one types", total[0].text == "28", total[0].text)
        cells[3].send_keys(Keys.BACKSPACE)  # "4" typed above: the cell is empty again
        check("an empty cell leaves the total empty", total[0].text == "", total[0].text)
        widths = [c.size["width"] for c in cells]
        check("at phone width every cell of the grid is wide enough to type in", min(widths) >= 60, str(widths))
        no_overflow("filler /form June with a grid [phone]")
        for c, v in zip(cells, before):
            c.clear()
            if v:
                c.send_keys(v)
    # The form says how much is still empty, counted again as one types, and its sections jump.
    count = driver.find_element(By.ID, "empty-count")
    before = int(count.get_attribute("data-count"))
    blank = [e for e in driver.find_elements(By.CSS_SELECTOR, "input[data-field][data-type=number]") if e.get_attribute("value") == ""]
    if blank:
        blank[0].send_keys("1")
        check("typing into an empty field lowers the count of what is empty", int(count.get_attribute("data-count")) == before - 1,
              f"{before} → {count.get_attribute('data-count')}")
        blank[0].send_keys(Keys.BACKSPACE)
    index = driver.find_elements(By.CSS_SELECTOR, "#section-index a")
    check("the form has an index of its sections", len(index) > 3, str(len(index)))
    if index:
        index[-1].click()
        settle()
        check("a section of the index jumps to it", driver.current_url.endswith(index[-1].get_attribute("href").split("/")[-1]),
              driver.current_url)
    # 户籍人口 by 性别 and by 年龄段: two splits of one total, a mismatch marked as one types.
    reg = driver.find_elements(By.CSS_SELECTOR, "[data-grid=pop_registered] [data-split]")
    check("户籍人口 shows its two splits", len(reg) == 2, str(len(reg)))
    if len(reg) == 2:
        male = reg[0].find_element(By.CSS_SELECTOR, "input[data-field]")
        mismatch = driver.find_element(By.CSS_SELECTOR, "[data-grid=pop_registered] .grid-mismatch")
        check("splits that agree show no mismatch", not mismatch.is_displayed())
        was = male.get_attribute("value")
        male.send_keys("1")  # 5947 → 59471: the sexes no longer add up to the ages
        check("a mismatch between the splits is marked at once", mismatch.is_displayed(), mismatch.text)
        male.send_keys(Keys.BACKSPACE)
        check("and unmarked when they agree again", not mismatch.is_displayed() and male.get_attribute("value") == was)
    resize(DESKTOP)
    driver.get(base + "/form/510104002003?month=2023-06")
    settle()
    june = "/api/v1/units/510104002003/forms/2023-06"
    carried = [el for el in driver.find_elements(By.CSS_SELECTOR, "input.carried") if el.get_attribute("value") != ""]
    check("carried values are pre-filled", carried, "no input.carried with a value")
    # 公安's June figure, supplied before the community typed anything.
    pop = driver.find_element(By.ID, "f-pop_resident")
    marker = driver.find_element(By.CSS_SELECTOR, "#row-pop_resident [data-provided-for=pop_resident]")
    supplied = marker.get_attribute("data-value")
    reason = driver.find_element(By.ID, "reason-pop_resident")
    check("a supplied value is pre-filled", supplied and pop.get_attribute("value") == supplied
          and "supplied" in pop.get_attribute("class").split(), f"input {pop.get_attribute('value')!r}, supplied {supplied!r}")
    check("the supplied value names its source", marker.text.startswith("数据来源: 成都市公安局"), marker.text)
    check("the reason box is hidden while the value is the department's",
          reason.get_attribute("data-reason") == "pop_resident" and not reason.is_displayed())
    pop.clear()
    pop.send_keys("-1")
    driver.find_element(By.ID, "save").click()
    error = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#row-pop_resident .err")))
    wait.until(lambda d: error.text != "")
    check("an inline error shows next to the field", "不能小于 0" in error.text, error.text)
    check("the row is marked", "bad" in driver.find_element(By.ID, "row-pop_resident").get_attribute("class"))
    check("the form's message says what went wrong", "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class"))
    console("saving an invalid value", expected=[(june, 422)])
    check("the page stayed (the form did not submit itself)", driver.current_url == base + "/form/510104002003?month=2023-06",
          driver.current_url)
    if SHOT:
        driver.save_screenshot(SHOT)

    # The community counts 5 more than 公安: a correction, which needs a reason.
    corrected = str(int(supplied) + 5)
    pop.clear()
    pop.send_keys(supplied)
    check("the reason box stays hidden for the department's value", not reason.is_displayed())
    pop.clear()
    pop.send_keys(corrected)
    check("the reason box appears once the value differs", reason.is_displayed())
    for el in driver.find_elements(By.CSS_SELECTOR, "input[data-type=number]"):
        if el.get_attribute("value") == "":
            el.send_keys("0")
    for el in driver.find_elements(By.CSS_SELECTOR, "select[data-field]"):
        if el.get_attribute("value") == "":
            el.find_elements(By.TAG_NAME, "option")[1].click()
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: "更正原因" in error.text)
    settle()
    check("上报 without a reason is refused next to the field", "更正原因" in error.text and supplied in error.text, error.text)
    check("the corrected row is marked", "bad" in driver.find_element(By.ID, "row-pop_resident").get_attribute("class"))
    check("no other row is marked", [r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, ".row.bad")]
          == ["row-pop_resident"])
    check("the form is not submitted", driver.find_element(By.ID, "status").text != "已上报"
          and "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class"))
    console("submitting a correction without a reason", expected=[(june, 422)])
    typed_reason = "6月入户核实, 新增租住人员5人"
    reason.send_keys(typed_reason)
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: text_of("status") == "已上报")
    settle()
    check("the form is submitted", driver.find_element(By.ID, "status").text == "已上报")
    check("the corrected value and its reason are kept",
          driver.find_element(By.ID, "f-pop_resident").get_attribute("value") == corrected
          and driver.find_element(By.ID, "reason-pop_resident").get_attribute("value") == typed_reason
          and driver.find_element(By.ID, "reason-pop_resident").is_displayed(),
          f"{driver.find_element(By.ID, 'f-pop_resident').get_attribute('value')!r} "
          f"{driver.find_element(By.ID, 'reason-pop_resident').get_attribute('value')!r}")
    console("submitting June")
    logout("the filler")

    # 公安 (a department): its page lists where communities differ from its figures; it uploads.
    login("gongan")
    wait.until(EC.presence_of_element_located((By.ID, "upload")))
    settle()
    console("the department logs in")
    check("the department lands on its page", driver.current_url == base + "/sources/gongan", driver.current_url)
    driver.get(base + "/")
    settle()
    check("/ takes the department to its page", driver.current_url == base + "/sources/gongan", driver.current_url)
    console("the department opens /")
    sources = "/sources/gongan?month=2023-06"
    visit("department /sources", sources, (By.ID, "corrections"))
    table = [tr for tr in driver.find_elements(By.CSS_SELECTOR, "#corrections tbody tr")]
    # The community's name (the first cell reads "龙王庙社区 (510104001002)") → its first row and cells.
    rows, cells = {}, {}
    for tr in reversed(table):
        texts = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        rows[texts[0].split(" ")[0]], cells[texts[0].split(" ")[0]] = tr, texts
    check("June's differences are listed", {"龙王庙社区", "水井坊社区"} <= set(rows), str(cells))
    check("a correction shows its reason", "龙王庙社区" in rows and "公安实有人口含已搬离但未注销户口的37人" in rows["龙王庙社区"].text
          and not rows["龙王庙社区"].find_elements(By.CSS_SELECTOR, ".status"), str(cells.get("龙王庙社区")))
    badge = rows["水井坊社区"].find_elements(By.CSS_SELECTOR, ".status.returned") if "水井坊社区" in rows else []
    check("a difference without a reason is flagged", badge and badge[0].text == "差异, 社区尚未说明", str(cells.get("水井坊社区")))
    check("the filler's correction is listed with its reason", "王家坝社区" in rows
          and cells["王家坝社区"][3:6] == [supplied, corrected, typed_reason] and cells["王家坝社区"][6] == "c002003",
          str(cells.get("王家坝社区")))

    def upload(name, text, encoding="utf-8"):
        """Uploads `text` as the file `name` through the page's form; answers #msg's text."""
        path = os.path.join(work, name)
        with open(path, "w", encoding=encoding, newline="") as f:
            f.write(text)
        driver.find_element(By.ID, "upload-file").send_keys(os.path.abspath(path))
        driver.execute_script("document.getElementById('msg').textContent = ''")
        driver.find_element(By.ID, "upload-button").click()
        wait.until(lambda d: text_of("msg") not in ("", "上传中…"))
        return text_of("msg")

    values = "/api/v1/sources/gongan/values"
    july = "unit,period,field,value\n510104001001,2023-07,pop_resident,15600\n"
    msg = upload("gongan-2023-07.csv", july)
    check("uploading a CSV saves its row", msg.startswith("已保存 1 项")
          and "msg ok" in driver.find_element(By.ID, "msg").get_attribute("class"), msg)
    check("no conflicts are shown for it", not driver.find_element(By.ID, "upload-result").is_displayed(),
          driver.find_element(By.ID, "upload-result").text)
    console("uploading a CSV")
    msg = upload("gongan-2023-07-again.csv", july)
    check("uploading it again changes nothing", msg.startswith("已保存 0 项, 未变 1 项"), msg)
    console("uploading the same CSV again")
    # What Excel on a Chinese Windows saves: GBK, a Chinese header, a column of names.
    msg = upload("gongan-2023-07-excel.csv", "单位,报告期,字段,数值,单位名称\r\n510104001001,2023-07,pop_resident,15600,和平街社区\r\n",
                 encoding="gb18030")
    check("a GBK CSV with a Chinese header is read, its extra column named", msg.startswith("已保存 0 项, 未变 1 项")
          and "未读取的列: 单位名称" in msg, msg)
    console("uploading a GBK CSV")
    msg = upload("gongan-2023-07-bad.csv", "unit,period,field,value\n510104001001,2023-Q3,dibao_households,3\n")
    result = driver.find_element(By.ID, "upload-result")
    check("another source's field is refused", "超出本账号的权限" in msg
          and "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class"), msg)
    check("the refused row is named", result.is_displayed() and "第 2 行" in result.text and "dibao_households" in result.text,
          result.text)
    console("uploading another source's field", expected=[(values, 403)])
    check("the page stayed", driver.current_url == base + sources, driver.current_url)

    href = driver.find_element(By.ID, "dl-corrections").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})) as r:
        raw = r.read()
        kind = r.headers.get("Content-Type", "")
    body = raw.decode("utf-8-sig")
    lines = body.splitlines()
    # For Chinese Excel as it is: a BOM, a Chinese header, codes and periods as text, China's time.
    check("the differences download as CSV", kind.startswith("text/csv") and raw.startswith(b"\xef\xbb\xbf")
          and lines[:1] == ["单位代码,单位名称,字段,字段名称,报告期,部门数值,社区数值,更正原因,更正人,更正时间"],
          f"{kind} {lines[:1]}")
    check("the CSV has the filler's correction",
          any(l.startswith(f'"=""510104002003""",王家坝社区,pop_resident,常住人口,"=""2023-06""",{supplied},{corrected},')
              and typed_reason in l and re.search(r",\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", l) for l in lines),
          body)
    check("the CSV has one row per difference listed", len(lines) == 1 + len(table), body)
    logout("the department")

    # The street office sees it and downloads the street's merged report.
    login("street2")
    row = wait.until(EC.presence_of_element_located((By.ID, "unit-510104002003")))
    settle()
    console("the street reviewer logs in")
    check("the reviewer sees the form as submitted", "已上报" in row.text, row.text)
    href = driver.find_element(By.ID, "dl-GA01").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})) as r:
        body = r.read()
        kind = r.headers.get("Content-Type")
    check("the merged XLSX downloads", kind.startswith("application/vnd.openxmlformats"), kind)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    late = next((r for r in rows if r[0] == "王家坝社区"), None)
    check("the late community's June values are in it", late is not None and late[2] == int(corrected), str(late))
    total = next((r for r in rows if r[0] == "合计"), None)
    check("it has a 合计 row", total is not None and isinstance(total[2], (int, float)), str(total))

    review = "/review/510104002?month=2023-06"
    visit("street reviewer /review", review, (By.ID, "unit-510104002003"))
    # A community's form, opened from the table: read-only for a reviewer.
    driver.find_element(By.CSS_SELECTOR, "#unit-510104002003 td a").click()
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    console("the reviewer opens the community's form")
    form_path = driver.current_url[len(base):]
    check("the form opened from the table is June's", form_path == "/form/510104002003?month=2023-06", form_path)
    check("it is read-only for the reviewer", not driver.find_elements(By.ID, "save") and not driver.find_elements(By.ID, "submit")
          and all(not el.is_enabled() for el in driver.find_elements(By.CSS_SELECTOR, "[data-field]")))
    visit("street reviewer /form read-only", form_path, (By.ID, "form"))

    # 核实性审核 and the report on screen: the street sees 大慈寺社区's jump with its explanation,
    # opens the merged SZ01, clicks the street's 常住人口 and sees the three communities with a line each.
    driver.get(base + review)
    settle()
    explained = driver.find_elements(By.ID, "explanation-510104002002")
    check("the status list shows 大慈寺社区's 上报说明", explained and "锦东安置小区" in explained[0].text,
          explained[0].text if explained else "no explanation")
    tally = driver.find_elements(By.ID, "tally-510104002")
    check("the street's completeness is counted (应报 3)", tally and tally[0].find_elements(By.TAG_NAME, "td")[1].text == "3",
          tally[0].text if tally else "no tally")
    strip = driver.find_elements(By.CSS_SELECTOR, "#unit-510104002002 .strip .day")
    check("each unit has a 13-month strip", len(strip) == 13 and "on-time" in strip[-1].get_attribute("class"),
          str([d.get_attribute("class") for d in strip]))
    driver.find_element(By.ID, "view-SZ01").click()
    wait.until(EC.presence_of_element_located((By.ID, "report")))
    settle()
    console("the reviewer opens SZ01 on screen")
    report_path = driver.current_url[len(base):]
    check("SZ01 opens as a page", report_path == "/report/510104002/SZ01/2023-Q2", report_path)
    marked = driver.find_element(By.ID, "row-510104002002")
    check("the explained row is marked", "marked" in marked.get_attribute("class") and "说明" in marked.text, marked.text)
    total_cell = driver.find_element(By.CSS_SELECTOR, "#row-total a[data-cell=pop_resident]")
    total_text = total_cell.text
    aligned = driver.execute_script("return getComputedStyle(arguments[0].parentElement).textAlign", total_cell)
    check("numbers are right-aligned", aligned == "right", aligned)
    visit("street reviewer /report", report_path, (By.ID, "report"))
    driver.find_element(By.CSS_SELECTOR, "#row-total a[data-cell=pop_resident]").click()
    wait.until(EC.presence_of_element_located((By.ID, "contributions")))
    settle()
    console("the reviewer clicks the street's 常住人口")
    parts = driver.find_elements(By.CSS_SELECTOR, "#contributions tbody tr")
    check("the drill-down lists the street's three communities",
          [p.get_attribute("id") for p in parts] == ["part-510104002001", "part-510104002002", "part-510104002003"],
          str([p.get_attribute("id") for p in parts]))
    check("the drill-down shows the cell's value", text_of("cell-value") == total_text, f"{text_of('cell-value')} vs {total_text}")
    check("each community has its line", len(driver.find_elements(By.CSS_SELECTOR, "#contributions svg.spark")) == 3)
    daci = driver.find_element(By.ID, "part-510104002002")
    check("the explanation is beside the number", "锦东安置小区" in daci.text, daci.text)
    visit("street reviewer drill-down", driver.current_url[len(base):], (By.ID, "contributions"))

    # Approve, then return with a reason: both asked in the page, not by prompt().
    driver.get(base + review)
    settle()
    dialog = driver.find_element(By.ID, "review-dialog")
    driver.find_element(By.CSS_SELECTOR, "#unit-510104002003 button[data-approve=true]").click()
    wait.until(lambda d: dialog.is_displayed())
    check("审核通过 asks to confirm, naming the unit", "王家坝社区" in text_of("review-dialog-text")
          and not driver.find_element(By.ID, "review-reason").is_displayed(), text_of("review-dialog-text"))
    driver.find_element(By.ID, "review-cancel").click()
    check("取消 approves nothing", not dialog.is_displayed() and "已审核" not in text_of("unit-510104002003"))
    driver.find_element(By.CSS_SELECTOR, "#unit-510104002003 button[data-approve=true]").click()
    driver.find_element(By.ID, "review-ok").click()
    wait.until(lambda d: "已审核" in text_of("unit-510104002003"))
    settle()
    check("审核通过 approves the form", "已审核" in text_of("unit-510104002003"))
    console("approving a form")
    dialog = driver.find_element(By.ID, "review-dialog")
    driver.find_element(By.CSS_SELECTOR, "#unit-510104002003 button[data-approve=false]").click()
    wait.until(lambda d: dialog.is_displayed())
    reason = driver.find_element(By.ID, "review-reason")
    check("退回 asks for its reason in the page", reason.is_displayed() and "退回" in text_of("review-dialog-text"), text_of("review-dialog-text"))
    driver.find_element(By.ID, "review-ok").click()
    check("退回 without a reason is not sent", "请写明退回原因" in text_of("review-msg") and "已审核" in text_of("unit-510104002003"),
          text_of("review-msg"))
    reason.send_keys("常住人口请核对")
    driver.find_element(By.ID, "review-ok").click()
    wait.until(lambda d: "已退回" in text_of("unit-510104002003"))
    settle()
    check("退回 returns the form with the reason", "常住人口请核对" in text_of("unit-510104002003"), text_of("unit-510104002003"))
    console("returning a form")

    # The catalogue, linked from the review page: every report with its 有效期. The server's clock
    # is today's date, so the reports valid until 2024-12 (ZZ02, SZ03, ZJ20, SW06) are expired.
    driver.find_element(By.ID, "to-catalog").click()
    wait.until(EC.presence_of_element_located((By.ID, "catalog-reports")))
    settle()
    check("the review page links the catalogue", driver.current_url == base + "/catalog", driver.current_url)
    console("the street reviewer opens the catalogue")
    visit("street reviewer /catalog", "/catalog", (By.ID, "catalog-reports"))
    reports = driver.find_elements(By.CSS_SELECTOR, "#catalog-reports tbody tr[id^=report-]")
    check("the catalogue lists the 22 reports", len(reports) == 22, str([r.get_attribute("id") for r in reports]))
    expired = [r.get_attribute("id")[len("report-"):] for r in reports
               if r.find_elements(By.CSS_SELECTOR, ".status.returned")]
    check("the reports past their 有效期 are marked 已过期", sorted(expired) == ["SW06", "SZ03", "ZJ20", "ZZ02"], str(expired))
    logout("the street reviewer")

    # The district office.
    login("jinjiang")
    wait.until(lambda d: d.current_url.startswith(base + "/review/510104"))
    settle()
    console("the district reviewer logs in")
    check("the district reviewer lands on the district's table", driver.current_url.startswith(base + "/review/510104"),
          driver.current_url)
    visit("district reviewer /review", "/review/510104", (By.CSS_SELECTOR, "table.units"))
    # 催报: July's late units in one click, on their 待办 (no webhook is set up in the demo).
    driver.get(base + "/review/510104?month=2023-07")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.units")))
    settle()
    remind_all = driver.find_elements(By.ID, "remind-all")
    check("the office's page offers 催报 for the month's late units", remind_all and remind_all[0].is_displayed()
          and driver.find_elements(By.CSS_SELECTOR, "#unit-510104002002 button[data-remind]"))
    driver.find_element(By.ID, "remind-message").send_keys("请本周内上报")
    remind_all[0].click()
    wait.until(lambda d: "已催报" in text_of("remind-msg"))
    wait.until(lambda d: d.find_element(By.ID, "reminders-card").is_displayed())
    settle()
    check("催报 names the units it reached", "大慈寺社区" in text_of("remind-msg"), text_of("remind-msg"))
    listed = driver.find_elements(By.CSS_SELECTOR, "#reminders-list li")
    check("the month's reminders are listed with where each went", listed and all("只在对方待办中显示" in li.text for li in listed),
          str([li.text for li in listed]))
    console("the district reviewer sends 催报")
    visit("district reviewer /review after 催报", "/review/510104?month=2023-07", (By.ID, "reminders-list"))
    # The tallies lead down: a street's name opens that street's own month.
    driver.find_element(By.CSS_SELECTOR, "#tally-510104002 a").click()
    wait.until(lambda d: d.current_url.startswith(base + "/review/510104002"))
    settle()
    console("the district reviewer opens a street from the tallies")
    check("a street's tally opens its month", driver.current_url == base + "/review/510104002?month=2023-07"
          and driver.find_elements(By.ID, "unit-510104002002"), driver.current_url)
    visit("district reviewer /catalog", "/catalog", (By.ID, "catalog-reports"))
    check("the district reviewer's catalogue lists the 22 reports",
          len(driver.find_elements(By.CSS_SELECTOR, "#catalog-reports tbody tr[id^=report-]")) == 22)
    # 修改密码 is in every role's header; the admin links are not in a reviewer's.
    check("a reviewer's header has 修改密码 and no admin links", driver.find_elements(By.ID, "nav-password")
          and not any(driver.find_elements(By.ID, f"nav-{n}") for n in ("templates", "catalog", "users", "units")))
    driver.find_element(By.ID, "nav-password").click()
    wait.until(EC.presence_of_element_located((By.ID, "password-form")))
    settle()
    console("the district reviewer opens 修改密码")
    check("修改密码 opens /me/password, without the temporary-password notice",
          driver.current_url == base + "/me/password" and not driver.find_elements(By.ID, "must-change"), driver.current_url)
    visit("district reviewer /me/password", "/me/password", (By.ID, "password-form"))
    logout("the district reviewer")

    # The admin's template editor.
    login("admin", "admin123")
    wait.until(EC.presence_of_element_located((By.ID, "source")))
    settle()
    console("the admin logs in")
    check("the admin lands on the template editor", driver.current_url == base + "/admin/templates", driver.current_url)
    visit("admin /admin/templates", "/admin/templates", (By.ID, "source"))
    files = json.loads(driver.find_element(By.ID, "files").get_attribute("textContent"))
    source = driver.find_element(By.ID, "source")
    select = Select(driver.find_element(By.ID, "file"))
    first = select.first_selected_option.get_attribute("value")
    check("the editor opens with the selected file's source", files.get(first) and source.get_property("value") == files[first],
          f"{first}: {len(source.get_property('value'))} characters shown")
    check("the editor lists every file", [o.get_attribute("value") for o in select.options] == sorted(files))
    second = select.options[1].get_attribute("value")
    select.select_by_index(1)
    check("choosing another file shows its source", source.get_property("value") == files[second], second)
    # A rule over a name that does not exist, typed at the end of the second file.
    driver.execute_script("arguments[0].focus(); arguments[0].setSelectionRange(arguments[0].value.length, arguments[0].value.length)",
                          source)
    source.send_keys('\nrule no_such_field_xyz >= 0 "坏"')
    edited = source.get_property("value")
    select.select_by_index(0)
    check("switching back shows the first file unchanged", source.get_property("value") == files[first])
    select.select_by_index(1)
    check("the edit is kept when switching files", source.get_property("value") == edited and edited != files[second])
    line = next(i + 1 for i, text in enumerate(edited.split("\n")) if "no_such_field_xyz" in text)
    driver.find_element(By.ID, "check").click()
    wait.until(lambda d: d.find_element(By.ID, "msg").text not in ("", "检查中…"))
    msg = driver.find_element(By.ID, "msg").text
    diag = driver.find_element(By.ID, "diag").text
    errors = [m.groups() for m in re.finditer(r"^(\S+):(\d+):(\d+): error: .+$", diag, re.M)]
    check("检查 says 有错误", msg == "有错误", msg)
    check("the diagnostic points at the edited line", (second, str(line)) in [(p, l) for p, l, _ in errors],
          f"wanted {second}:{line}: in\n{diag}")
    check("检查 sent all files (no other file has errors)", errors and all(p == second for p, _, _ in errors), diag)
    console("checking a broken template")

    # The catalogue, linked from the editor: the expired reports marked, and the field most
    # reports ask for first (常住人口, in N of the M reports communities fill).
    driver.find_element(By.ID, "to-catalog").click()
    wait.until(EC.presence_of_element_located((By.ID, "catalog-reports")))
    settle()
    check("the editor links the catalogue", driver.current_url == base + "/catalog", driver.current_url)
    console("the admin opens the catalogue")
    visit("admin /catalog", "/catalog", (By.ID, "catalog-fields"))
    zz02, sz01 = driver.find_element(By.ID, "report-ZZ02").text, driver.find_element(By.ID, "report-SZ01").text
    check("ZZ02 (valid until 2024-12) is 已过期", "已过期" in zz02, zz02)
    check("SZ01 (valid until 2028-12) is not", "已过期" not in sz01 and "即将到期" not in sz01, sz01)
    top = driver.find_element(By.CSS_SELECTOR, "#catalog-fields tbody tr").text
    check("the field most asked is 常住人口, with its count", "pop_resident" in top and "常住人口" in top
          and re.search(r"\b(\d+) / (\d+)\b", top) is not None, top)

    # A department's XLSX imported as a draft report. A fresh editor: reloading drops the broken
    # edit above, which would otherwise stop 检查 and 发布.
    driver.get(base + "/admin/templates")
    wait.until(EC.presence_of_element_located((By.ID, "source")))
    settle()
    console("the admin reopens the editor")
    xlsx = os.path.abspath("Tests/BBTImportTests/Fixtures/forms/zhujian_elevator.xlsx")
    driver.find_element(By.ID, "import-id").send_keys("ZJ31")
    driver.find_element(By.ID, "import-file").send_keys(xlsx)
    driver.find_element(By.ID, "import-button").click()
    wait.until(lambda d: text_of("import-msg").startswith("已生成") or "msg bad" in
               (d.find_element(By.ID, "import-msg").get_attribute("class") or ""))
    msg = text_of("import-msg")
    check("importing the XLSX drafts a report", msg.startswith("已生成 import/ZJ31.bbt")
          and "17 个栏目, 14 个已在采集, 3 个新字段" in msg, msg)
    mapping = driver.find_element(By.ID, "mapping")
    check("the mapping shows every column", mapping.is_displayed()
          and len(mapping.find_elements(By.CSS_SELECTOR, "table tbody tr")) == 17,
          f"{len(mapping.find_elements(By.CSS_SELECTOR, 'table tbody tr'))} rows")
    check("the mapping says what merging adds", "并入一张表单后每年只多填 14 项" in mapping.text, mapping.text[:300])
    select = Select(driver.find_element(By.ID, "file"))
    source = driver.find_element(By.ID, "source")
    check("the draft opens in the editor as a new file", select.first_selected_option.get_attribute("value") == "import/ZJ31.bbt"
          and "report ZJ31 " in source.get_property("value"),
          f"{select.first_selected_option.get_attribute('value')}: {source.get_property('value')[:200]!r}")
    console("importing a department's XLSX")
    driver.find_element(By.ID, "check").click()
    wait.until(lambda d: text_of("msg") not in ("", "检查中…"))
    check("the draft checks", text_of("msg") == "检查通过", f"{text_of('msg')}\n{text_of('diag')}")
    preview = driver.find_element(By.ID, "preview")
    check("the preview lists the new report and its new fields", preview.is_displayed() and "新增报表" in preview.text
          and "ZJ31" in preview.text and "新增字段" in preview.text, preview.text)
    console("checking the draft")
    gutter = driver.find_element(By.ID, "gutter")
    lines = source.get_property("value").count("\n") + 1
    check("the editor numbers the lines", gutter.text.split("\n")[-1].strip() == str(lines), f"{gutter.text[-20:]!r} vs {lines}")
    # 发布 shows the preview and asks before it publishes.
    driver.find_element(By.ID, "publish").click()
    ask = driver.find_element(By.ID, "publish-confirm")
    wait.until(lambda d: ask.is_displayed())
    check("发布 shows the preview and asks first", "确认" in ask.text and "ZJ31" in text_of("preview"), f"{text_of('msg')} {ask.text}")
    driver.find_element(By.ID, "publish-yes").click()
    wait.until(lambda d: text_of("msg") not in ("", "发布中…", "请看预览, 确认后发布"))
    check("the draft is published", text_of("msg") == "已发布为第 2 版", f"{text_of('msg')}\n{text_of('diag')}")
    console("publishing the draft")
    # The mapping table and the preview are wide: they scroll in their own box, not the page.
    resize(PHONE)
    time.sleep(0.3)
    no_overflow("the editor after importing [phone]")
    resize(DESKTOP)

    # Removing a field that has stored values hides them: 发布 asks first (a 409 the page expects).
    # oldyard_invest (完成投资) is declared in the housing fields, asked by 住建's reports and, since
    # version 2, by the imported ZJ31 (its 本季完成投资 column): it goes from all three.
    def without(suffix, word):
        """Chooses the file whose name ends in `suffix` and removes its lines that mention `word`, as typed."""
        name = next(o.get_attribute("value") for o in select.options if o.get_attribute("value").endswith(suffix))
        select.select_by_value(name)
        driver.execute_script(
            "arguments[0].value = arguments[0].value.split('\\n').filter(l => !l.includes(arguments[1])).join('\\n');"
            "arguments[0].dispatchEvent(new Event('input'))", source, word)
        return name

    housing = without("fields/06_housing.bbt", "oldyard_invest")
    zhujian = without("reports/zhujian.bbt", "oldyard_invest")
    without("import/ZJ31.bbt", "oldyard_invest")
    gone = "oldyard_invest" not in source.get_property("value")
    select.select_by_value(housing)
    check("the field is gone from the files (edits kept when switching)", gone and "oldyard_invest" not in source.get_property("value")
          and source.get_property("value") != files[housing], f"{housing} {zhujian}")
    def publish_after_preview():
        driver.find_element(By.ID, "publish").click()
        wait.until(lambda d: ask.is_displayed())
        driver.find_element(By.ID, "publish-yes").click()

    publish_after_preview()
    wait.until(lambda d: text_of("msg") not in ("", "发布中…", "请看预览, 确认后发布"))
    confirm = driver.find_element(By.ID, "confirm")
    check("发布 asks for confirmation", confirm.is_displayed() and "确认" in text_of("confirm-text"),
          f"{text_of('msg')} {text_of('confirm-text')}\n{text_of('diag')}")
    check("the message says it is not published yet", "请确认" in text_of("msg"), text_of("msg"))
    removed = text_of("preview")
    check("the preview names the removed field and its stored values", "删除字段" in removed and "oldyard_invest" in removed
          and "已存" in removed, removed)
    console("publishing a removal of stored values", expected=[("/api/v1/templates", 409)])

    def published():
        """The published version and whether it still declares oldyard_invest, as the API answers."""
        t = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/api/v1/templates', {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done(null));""")
        return t and (t["version"], any("oldyard_invest" in text for text in t["files"].values()))

    driver.find_element(By.ID, "confirm-cancel").click()
    check("取消 closes the question and publishes nothing", not confirm.is_displayed() and text_of("msg") == "未发布"
          and published() == (2, True), f"{text_of('msg')} {published()}")
    console("cancelling the publication")
    publish_after_preview()
    wait.until(EC.visibility_of_element_located((By.ID, "confirm")))
    console("asking again", expected=[("/api/v1/templates", 409)])
    driver.find_element(By.ID, "confirm-publish").click()
    wait.until(lambda d: text_of("msg") not in ("", "发布中…"))
    check("仍然发布 publishes", text_of("msg") == "已发布为第 3 版" and published() == (3, False),
          f"{text_of('msg')} {published()}\n{text_of('diag')}")
    check("the question is gone", not confirm.is_displayed())
    console("confirming the publication")
    # A relabelled field is a change the preview names; a missing quote is one mistake, not a cascade,
    # and the field it breaks is unreadable, not deleted.
    population = next(o.get_attribute("value") for o in select.options if o.get_attribute("value").endswith("fields/01_population.bbt"))
    select.select_by_value(population)
    original = source.get_property("value")

    def edit_to(text):
        driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", source, text)
        driver.find_element(By.ID, "check").click()
        wait.until(lambda d: text_of("msg") not in ("", "检查中…"))

    edit_to(original.replace('"常住人口" int', '"常住人口数" int', 1))
    check("a relabelled field shows in the preview", "名称 “常住人口” → “常住人口数”" in text_of("preview"), text_of("preview"))
    edit_to(original.replace('"常住人口" int', '"常住人口 int', 1))
    errors = [l for l in text_of("diag").split("\n") if ": error: " in l]
    check("a missing quote is one or two errors on its line, not a cascade", 1 <= len(errors) <= 2
          and all("01_population.bbt:" in l for l in errors), text_of("diag"))
    check("the field it breaks is unreadable, not deleted", "有错误未能读取的字段" in text_of("preview")
          and "删除字段" not in text_of("preview"), text_of("preview"))
    edit_to(original)
    check("the file as it was checks again", text_of("msg") == "检查通过", text_of("msg"))
    console("relabelling and breaking a field")
    # An admin may look at a department's page too.
    visit("admin /sources", "/sources/gongan?month=2023-06", (By.ID, "corrections"))

    # Accounts, from the header's 用户 link.
    check("the admin's header has the admin links and 修改密码",
          all(driver.find_elements(By.ID, f"nav-{n}") for n in ("templates", "catalog", "users", "units", "password")))
    driver.find_element(By.ID, "nav-users").click()
    wait.until(EC.presence_of_element_located((By.ID, "user-form")))
    settle()
    check("用户 opens /admin/users", driver.current_url == base + "/admin/users", driver.current_url)
    console("the admin opens the users page")
    visit("admin /admin/users", "/admin/users", (By.ID, "users"))

    def shown_users():
        """The ids of the rows of #users the search leaves visible."""
        return [tr.get_attribute("id") for tr in driver.find_elements(By.CSS_SELECTOR, "#users tbody tr") if tr.is_displayed()]

    # 取消编辑 shows only while a user is being edited.
    cancel = driver.find_element(By.ID, "u-cancel")
    check("取消编辑 is not displayed before editing", not cancel.is_displayed())
    driver.find_element(By.CSS_SELECTOR, "#user-c001001 button[data-edit=c001001]").click()
    check("编辑 fills the form and shows 取消编辑", cancel.is_displayed()
          and driver.find_element(By.ID, "u-username").get_attribute("value") == "c001001"
          and not driver.find_element(By.ID, "u-username").is_enabled()
          and text_of("user-form-title") == "修改用户 c001001", text_of("user-form-title"))
    cancel.click()
    check("取消编辑 empties the form and hides itself", not cancel.is_displayed()
          and driver.find_element(By.ID, "u-username").get_attribute("value") == ""
          and driver.find_element(By.ID, "u-username").is_enabled() and text_of("user-form-title") == "新建用户",
          text_of("user-form-title"))
    console("editing a user, then cancelling")
    everyone = shown_users()
    # The search matches the unit's name, which is not in the username: 王家坝社区's one filler.
    search = driver.find_element(By.ID, "user-search")
    search.send_keys("王家坝")
    check("searching 王家坝 leaves only 王家坝社区's users", shown_users() == ["user-c002003"]
          and not driver.find_element(By.ID, "user-c001001").is_displayed(), str(shown_users()))
    # Emptied by typing (as a person would), so that the page hears an input event.
    search.send_keys(Keys.BACKSPACE * 3)
    check("emptying the search shows every user again", shown_users() == everyone and len(everyone) >= 17,
          f"{len(shown_users())} of {len(everyone)}")
    console("searching users")

    def fill_user(username, password, role="filler", unit="510104002003"):
        """Types a new user into the empty form and clicks 新建 with #msg emptied first."""
        for name, text in (("u-username", username), ("u-unit", unit), ("u-password", password)):
            box = driver.find_element(By.ID, name)
            box.clear()
            box.send_keys(text)
        Select(driver.find_element(By.ID, "u-role")).select_by_value(role)
        driver.execute_script("document.getElementById('msg').textContent = ''")
        driver.find_element(By.ID, "u-save").click()

    # A new worker for 王家坝社区. The page reloads after saving: the new row is on the new page.
    # Its id has a dot, which a CSS selector would read as a class: looked up by id.
    fill_user("wang.li", "temp-1234")
    wait.until(EC.presence_of_element_located((By.ID, "user-wang.li")))
    settle()
    check("新建 adds the user's row, marked 临时密码", "王家坝社区" in text_of("user-wang.li") and "临时密码" in text_of("user-wang.li")
          and "填报" in text_of("user-wang.li"), text_of("user-wang.li"))
    console("the admin creates wang.li")
    fill_user("wang.li", "temp-1234")
    wait.until(lambda d: text_of("msg") != "")
    check("a taken username is refused", "已被使用" in text_of("msg")
          and "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class"), text_of("msg"))
    console("creating wang.li again", expected=[("/api/v1/users", 409)])
    fill_user("zhao.min", "12345")
    wait.until(lambda d: text_of("msg") != "")
    check("a 5-character password is refused, saying 8", "8" in text_of("msg")
          and "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class"), text_of("msg"))
    check("nothing is created for a refused user", not driver.find_elements(By.ID, "user-zhao.min"))
    console("creating a user with a short password", expected=[("/api/v1/users", 422)])

    # 停用 (asked to confirm in the page), then 启用: each reloads the page with the row's new state.
    driver.find_element(By.CSS_SELECTOR, "#user-c001002 button[data-disable=c001002]").click()
    wait.until(EC.visibility_of_element_located((By.ID, "ask")))
    check("停用 asks to confirm, naming the account", "c001002" in text_of("ask"), text_of("ask"))
    driver.find_element(By.ID, "ask-cancel").click()
    check("取消 disables nothing", not driver.find_elements(By.ID, "ask") and "已停用" not in text_of("user-c001002"))
    driver.find_element(By.CSS_SELECTOR, "#user-c001002 button[data-disable=c001002]").click()
    wait.until(EC.visibility_of_element_located((By.ID, "ask-ok"))).click()
    wait.until(lambda d: "已停用" in text_of("user-c001002"))
    settle()
    check("停用 disables the account", "已停用" in text_of("user-c001002")
          and driver.find_elements(By.CSS_SELECTOR, "#user-c001002 button[data-enable=c001002]"), text_of("user-c001002"))
    console("disabling c001002")
    driver.find_element(By.CSS_SELECTOR, "#user-c001002 button[data-enable=c001002]").click()
    wait.until(lambda d: "正常" in text_of("user-c001002"))
    settle()
    check("启用 enables it again", "正常" in text_of("user-c001002") and "已停用" not in text_of("user-c001002"),
          text_of("user-c001002"))
    console("enabling c001002")

    # 重设密码 asks for the temporary password in the page.
    driver.find_element(By.CSS_SELECTOR, "#user-c001003 button[data-reset=c001003]").click()
    wait.until(EC.visibility_of_element_located((By.ID, "ask-input")))
    check("重设密码 asks for the new password", "c001003" in text_of("ask") and "临时密码" in text_of("ask"), text_of("ask"))
    driver.find_element(By.ID, "ask-input").send_keys("reset-5678")
    driver.find_element(By.ID, "ask-ok").click()
    wait.until(lambda d: "临时密码" in text_of("user-c001003"))
    settle()
    check("the reset password is temporary", "临时密码" in text_of("user-c001003"), text_of("user-c001003"))
    console("resetting c001003's password")

    # Units (/admin/units), from the header's 单位 link: issue 13's 撤并, 龙王庙社区 merged into its
    # street's other communities from July 2023. Q2 reports as before, Q3 with one community less, and
    # June's values kept. Last of everything the admin does: the changes below alter the tree from July
    # 2023 on, after the samples' months (Jan–Jun 2023) that every step above reads.
    driver.find_element(By.ID, "nav-units").click()
    wait.until(EC.presence_of_element_located((By.ID, "unit-tree")))
    settle()
    check("单位 opens /admin/units", driver.current_url == base + "/admin/units", driver.current_url)

    def unit_rows():
        """The rows of #unit-tree in order: code → (the name cell's text, its class, its left padding, shown)."""
        return {r[0]: tuple(r[1:]) for r in driver.execute_script("""
            return [...document.querySelectorAll('#unit-tree tbody tr')].map(tr => [tr.id.replace(/^unit-/, ''),
                tr.cells[0].textContent.trim(), tr.cells[0].className, parseFloat(getComputedStyle(tr.cells[0]).paddingLeft),
                tr.offsetParent !== null]);""")}

    def units_at(month):
        """Opens the tree as of `month` (YYYY-MM) and answers its rows."""
        driver.get(base + "/admin/units?at=" + month)
        wait.until(EC.presence_of_element_located((By.ID, "unit-tree")))
        settle()
        return unit_rows()

    # Today's tree (the server's clock is the real date) is still the samples' 14 units.
    check("the current month's tree has the 14 units", len(unit_rows()) == 14, str(list(unit_rows())))
    console("the admin opens the units page")
    visit("admin /admin/units", "/admin/units?at=2023-06", (By.ID, "unit-tree"))
    # 催报推送地址: set one for 书院街街道 (a 企业微信 robot), see it listed, delete it (asked in the page).
    hook_form = driver.find_element(By.ID, "webhook-set")
    hook_form.find_element(By.NAME, "code").send_keys("510104002")
    hook_form.find_element(By.NAME, "url").send_keys("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo")
    hook_form.find_element(By.CSS_SELECTOR, "button.primary").click()
    wait.until(lambda d: "书院街街道" in text_of("webhooks-list"))
    check("a webhook is set and listed with its unit and kind", "企业微信" in text_of("webhooks-list") and "已保存" in text_of("webhook-msg"),
          text_of("webhooks-list"))
    driver.find_element(By.CSS_SELECTOR, "#webhooks-list button[data-unit='510104002']").click()
    wait.until(EC.presence_of_element_located((By.ID, "ask-ok")))
    driver.find_element(By.ID, "ask-ok").click()
    wait.until(lambda d: "书院街街道" not in text_of("webhooks-list"))
    check("deleting it asks first, then it is gone", "尚未设置" in text_of("webhooks-list"), text_of("webhooks-list"))
    console("the admin sets and deletes a webhook")
    rows = unit_rows()
    depths = {cls: sum(1 for _, c, _, _ in rows.values() if c == cls) for cls in ("depth-0", "depth-1", "depth-2")}
    check("June 2023's tree has a row per unit: 1 district, 3 streets, 10 communities",
          len(rows) == 14 and depths == {"depth-0": 1, "depth-1": 3, "depth-2": 10}
          and rows.get("510104", ("",))[0] == "锦江区" and rows.get("510104001002", ("",))[0] == "龙王庙社区", str(rows))
    # Indented by level: the padding, not only the class, grows from district to street to community.
    pads = [rows[c][2] for c in ("510104", "510104001", "510104001002") if c in rows]
    check("the names are indented by level", len(pads) == 3 and pads[0] < pads[1] < pads[2], str(pads))
    # Tree order: each street is followed by its communities.
    check("each street is followed by its communities", list(rows)[:6] == ["510104", "510104001", "510104001001",
          "510104001002", "510104001003", "510104001004"], str(list(rows)))
    search = driver.find_element(By.ID, "unit-search")
    search.send_keys("龙王庙")
    shown = [c for c, r in unit_rows().items() if r[3]]
    check("searching 龙王庙 leaves only 龙王庙社区's row", shown == ["510104001002"], str(shown))
    # Emptied by typing, as on the users page, so that the page hears an input event.
    search.send_keys(Keys.BACKSPACE * 3)
    shown = [c for c, r in unit_rows().items() if r[3]]
    check("emptying the search shows every unit again", len(shown) == 14, str(shown))
    console("searching units")

    def get(path):
        """GET `path` with the admin's session cookie: (status, body as text), errors included."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        try:
            with urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie})) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")

    def report_rows(xml):
        """The units of a report XML's rows, in order."""
        return re.findall(r'<row unit="([^"]*)"', xml)

    # The street's Q2 report, down to its communities, before anything changes: kept to compare.
    q2_path = "/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf"
    status, q2_before = get(q2_path)
    check("the street's Q2 report has its 4 communities", status == 200 and q2_before.count("<row ") == 4
          and "510104001002" in report_rows(q2_before), f"{status} {report_rows(q2_before)}")

    # Polled often: a saved change reloads the page 0.6 s after its message shows.
    quick = WebDriverWait(driver, 15, poll_frequency=0.05)

    def unit_form(form_id, **inputs):
        """Fills the form `form_id` (`inputs` by their name: typed, or chosen in a select) and submits it
        with its .msg emptied; answers the .msg's text once there is one, and whether it is 'msg ok'."""
        form = driver.find_element(By.ID, form_id)
        for name, value in inputs.items():
            box = form.find_element(By.NAME, name)
            if box.tag_name == "select":
                Select(box).select_by_value(value)
            else:
                box.clear()
                box.send_keys(value)
        msg = form.find_element(By.CSS_SELECTOR, ".msg")
        driver.execute_script("arguments[0].textContent = ''; arguments[0].className = 'msg'", msg)
        form.find_element(By.CSS_SELECTOR, "button").click()
        if form_id == "unit-close":
            # 撤并 asks to confirm in the page first.
            wait.until(EC.visibility_of_element_located((By.ID, "ask-ok")))
            check("撤并 asks to confirm, naming the unit", inputs.get("code", "") in text_of("ask"), text_of("ask"))
            driver.find_element(By.ID, "ask-ok").click()

        def said(_):
            try:
                return msg.text and (msg.text, "ok" in msg.get_attribute("class").split())
            except StaleElementReferenceException:
                return ("(reloaded before the message was read)", False)
        return quick.until(said)

    def reloaded():
        """Waits for the reload a saved change makes (the old page's tree gone, the new one there)."""
        wait.until(EC.staleness_of(tree))
        wait.until(EC.presence_of_element_located((By.ID, "unit-tree")))
        settle()

    # 撤并: 龙王庙社区 exists until June 2023.
    driver.get(base + "/admin/units?at=2023-06")
    settle()
    tree = driver.find_element(By.ID, "unit-tree")
    said = unit_form("unit-close", code="510104001002", until="2023-06")
    check("撤并 龙王庙社区 after June 2023 is saved", said == ("已保存", True), str(said))
    reloaded()
    console("the admin closes 龙王庙社区 after June 2023")
    visit("admin /admin/units July", "/admin/units?at=2023-07", (By.ID, "unit-tree"))
    july = unit_rows()
    check("July 2023's tree has no 龙王庙社区", "510104001002" not in july and len(july) == 13, str(list(july)))
    june = units_at("2023-06")
    check("June 2023's tree still has it, until 2023-06", "510104001002" in june and len(june) == 14
          and "2023-06" in text_of("unit-510104001002"), text_of("unit-510104001002"))
    console("the trees before and after the 撤并")

    # Q2 as it was (only the time it was generated differs), Q3 without 龙王庙社区, June's values kept.
    def ungenerated(xml):
        return re.sub(r' generated="[^"]*"', "", xml)

    status, q2_after = get(q2_path)
    check("the Q2 report is unchanged but for its generated time", status == 200 and q2_after.count("<row ") == 4
          and ungenerated(q2_after) == ungenerated(q2_before) and 'generated="' in q2_after,
          f"{status} {report_rows(q2_after)}")
    status, q3 = get("/api/v1/units/510104001/reports/SZ01/2023-Q3.xml?rows=leaf")
    check("the Q3 report has one community less", status == 200 and q3.count("<row ") == 3
          and report_rows(q3) == ["510104001001", "510104001003", "510104001004"], f"{status} {report_rows(q3)}")
    status, body = get("/api/v1/units/510104001002/forms/2023-06")
    values = json.loads(body).get("values") if status == 200 else None
    check("龙王庙社区's June form is still there with its values", status == 200 and values
          and any(v is not None for v in values.values()) and values.get("pop_resident") is not None,
          f"{status} {str(values)[:200]}")
    status, _ = get("/api/v1/units/510104001002/forms/2023-07")
    check("it has no July form", status == 404, str(status))

    # A new community from July 2023.
    driver.get(base + "/admin/units?at=2023-07")
    settle()
    tree = driver.find_element(By.ID, "unit-tree")
    said = unit_form("unit-add", code="510104001009", name="新设社区", level="community", parent="510104001", **{"from": "2023-07"})
    check("新增 a community from July 2023 is saved", said == ("已保存", True), str(said))
    reloaded()
    console("the admin adds 新设社区")
    july = unit_rows()
    check("July 2023's tree has 新设社区 under 春熙路街道", july.get("510104001009", ("",))[:2] == ("新设社区", "depth-2")
          and list(july).index("510104001009") < list(july).index("510104002"), str(list(july)))
    check("June 2023's has not", "510104001009" not in units_at("2023-06"))
    console("the trees with 新设社区")

    # 和平街社区 renamed from August 2023: July keeps the old name.
    tree = driver.find_element(By.ID, "unit-tree")
    said = unit_form("unit-change", code="510104001001", name="和平街社区(新)", **{"from": "2023-08"})
    check("改名 和平街社区 from August 2023 is saved", said == ("已保存", True), str(said))
    reloaded()
    console("the admin renames 和平街社区")
    check("August 2023's tree shows the new name", units_at("2023-08").get("510104001001", ("",))[0] == "和平街社区(新)",
          text_of("unit-510104001001"))
    check("July 2023's the old one", units_at("2023-07").get("510104001001", ("",))[0] == "和平街社区",
          text_of("unit-510104001001"))
    console("the trees before and after the rename")

    # A street cannot close while its communities stay open: refused (a 422 the page expects), and
    # the page stays.
    tree = driver.find_element(By.ID, "unit-tree")
    said = unit_form("unit-close", code="510104002", until="2023-06")
    check("撤并 a street with open communities is refused, naming them", not said[1] and "单位树不成立" in said[0]
          and "王家坝社区 (510104002003) 的上级 书院街街道 (510104002) 不存在" in said[0], str(said))
    check("the page stays, the street in it", driver.find_elements(By.ID, "unit-510104002")
          and "已保存" not in text_of("unit-close"))
    console("closing a street with open communities", expected=[("/api/v1/units/510104002", 422)])
    check("the street is still there in July 2023", "510104002" in units_at("2023-07"))

    # A whole new units.csv from January 2024: the tree as it then stands (the changes above made in
    # the samples' file) without 天仙桥社区, so that the preview's only difference is that one 撤并.
    with open("samples/units.csv", encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if not l.startswith(("510104001002,", "510104003003,"))]
    lines = [l.replace("510104001001,和平街社区,", "510104001001,和平街社区(新),") for l in lines]
    lines.append("510104001009,新设社区,community,510104001")
    csv_path = os.path.join(work, "units-2024-01.csv")
    with open(csv_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    check("应用 is not displayed before a preview", not driver.find_element(By.ID, "units-apply").is_displayed())
    check("nor is the preview's box", not driver.find_element(By.ID, "units-result").is_displayed())
    driver.find_element(By.ID, "units-file").send_keys(os.path.abspath(csv_path))
    driver.find_element(By.ID, "units-from").send_keys("2024-01")
    driver.find_element(By.ID, "units-preview").click()
    wait.until(lambda d: text_of("units-msg") != "")
    result, apply = driver.find_element(By.ID, "units-result"), driver.find_element(By.ID, "units-apply")
    check("预览 says what the file changes", text_of("units-msg").startswith("预览如下"), text_of("units-msg"))
    check("the preview has one 撤并, 天仙桥社区, and nothing else changed", result.is_displayed() and "撤并 1" in result.text
          and "510104003003 天仙桥社区 (存续至 2023-12)" in result.text
          and not any(w in result.text for w in ("新增", "改名", "迁移")), result.text)
    check("应用 appears after the preview", apply.is_displayed())
    # Asked of the API, so that the page (and the file chosen in it) stays.
    status, body = get("/api/v1/units?at=2024-01")
    check("previewing changes nothing yet", status == 200
          and "510104003003" in [u["code"] for u in json.loads(body)["units"]], f"{status} {body[:200]}")
    console("previewing a new units.csv")
    tree = driver.find_element(By.ID, "unit-tree")
    apply.click()
    # 0.9 s after 已应用 the page reloads.
    quick.until(lambda d: not text_of("units-msg").startswith("预览"))
    check("应用 applies it", text_of("units-msg").startswith("已应用"), text_of("units-msg"))
    reloaded()
    console("applying the new units.csv")
    check("January 2024's tree has no 天仙桥社区", "510104003003" not in units_at("2024-01"))
    check("December 2023's still has it", "510104003003" in units_at("2023-12"))
    console("the trees before and after the import")
    logout("the admin")

    # The new worker: the temporary password leads to /me/password, and nowhere else, until changed.
    login("wang.li", "temp-1234")
    wait.until(lambda d: d.current_url == base + "/me/password")
    settle()
    console("wang.li logs in")
    check("wang.li must change the password first", driver.find_elements(By.ID, "must-change")
          and driver.find_element(By.ID, "must-change").is_displayed())
    driver.get(base + "/form/510104002003")
    settle()
    check("the form leads back to /me/password", driver.current_url == base + "/me/password", driver.current_url)
    console("wang.li opens the form before changing the password")
    visit("wang.li /me/password", "/me/password", (By.ID, "password-form"))

    def change_password(old, new, again):
        for name, text in (("old-password", old), ("new-password", new), ("new-password-again", again)):
            box = driver.find_element(By.ID, name)
            box.clear()
            box.send_keys(text)
        driver.execute_script("document.getElementById('msg').textContent = ''")
        driver.find_element(By.ID, "change-password").click()

    change_password("temp-1234", "better-5678", "better-5679")
    wait.until(lambda d: text_of("msg") != "")
    check("two different new passwords are refused", text_of("msg") == "两次输入的新密码不一致"
          and driver.current_url == base + "/me/password", text_of("msg"))
    console("wang.li types two different new passwords")
    change_password("temp-1234", "better-5678", "better-5678")
    # 0.6 s after 密码已修改 the page goes home, which for a filler is the community's form.
    wait.until(lambda d: d.current_url.startswith(base + "/form/"))
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    check("a changed password leads to the community's form", driver.current_url == base + "/form/510104002003",
          driver.current_url)
    console("wang.li changes the password")
    pop = driver.find_element(By.ID, "f-pop_resident")
    pop.clear()
    pop.send_keys(str(int(corrected) + 1))
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: text_of("msg") != "")
    check("wang.li saves a draft", text_of("msg").startswith("已保存草稿")
          and "msg ok" in driver.find_element(By.ID, "msg").get_attribute("class"), text_of("msg"))
    console("wang.li saves a draft")
    logout("wang.li")

    # A filler whose July population jumps: the 上报说明 box appears with the check, and the
    # explanation saved with the draft is there when the form is opened again.
    login("c002002")
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    try:
        wait.until(lambda d: d.find_element(By.ID, "todo").is_displayed())
    except Exception:
        pass
    notice = driver.find_elements(By.CSS_SELECTOR, "#todo li.todo-notice")
    check("the district's 催报 is on the filler's 待办 with its 附言", notice and "催报" in notice[0].text and "请本周内上报" in notice[0].text,
          text_of("todo") if driver.find_elements(By.ID, "todo") else "no todo")
    july = "/form/510104002002?month=2023-07"
    driver.get(base + july)
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    box = driver.find_element(By.ID, "row-explanation")
    check("no 上报说明 box before anything needs explaining", not box.is_displayed())
    pop = driver.find_element(By.ID, "f-pop_resident")
    pop.clear()
    pop.send_keys("9000")
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: text_of("msg") != "")
    settle()
    check("a draft with a jump shows the 上报说明 box", box.is_displayed() and "常住人口环比变动超过10%" in text_of("explain-rules"),
          text_of("explain-rules"))
    console("the filler saves a jump")
    # 上报 without an explanation: refused, the box is marked.
    driver.execute_script("document.getElementById('msg').textContent = ''")
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: text_of("msg") != "")
    check("上报 without a 上报说明 is refused", "msg bad" in driver.find_element(By.ID, "msg").get_attribute("class")
          and "bad" in box.get_attribute("class") and "请填写上报说明" in box.text, box.text)
    console("the filler submits a jump without explaining it", expected=[("/api/v1/units/510104002002/forms/2023-07", 422)])
    # Everything else as in June, then 上报 with an explanation.
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/units/510104002002/forms/2023-06', {credentials: 'same-origin'}).then(r => r.json()).then(june => {
          for (const el of document.querySelectorAll('[data-field]')) {
            const v = june.values[el.dataset.field];
            if (el.value.trim() === '' && v !== undefined && v !== null) el.value = String(v);
          }
          done(true);
        }).catch(e => done(String(e)));""")
    driver.find_element(By.ID, "explanation").send_keys("7月锦东安置小区二期交付")
    time.sleep(1.5)  # a second of typing counted at least: the burden page below shows July's minutes
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: "已上报" in text_of("status"))
    wait.until(EC.presence_of_element_located((By.ID, "explanation")))
    settle()
    kept = driver.find_element(By.ID, "explanation").get_attribute("value")
    check("上报 with a 上报说明 goes through and keeps it", kept == "7月锦东安置小区二期交付" and "已上报" in text_of("status"),
          f"{text_of('status')} {kept!r}")
    visit("filler /form with 上报说明", july, (By.ID, "form"))
    logout("c002002")

    # 报表准入: 住建's requester files its Excel form, the office returns it, the requester sends it
    # again, the office admits it with its 清单编号 (confirmed in the page) and it is on the 清单.
    login("zhujian")
    wait.until(EC.presence_of_element_located((By.ID, "request-form")))
    check("a requester lands on the requests page", driver.current_url.endswith("/requests"), driver.current_url)
    visit("requester /requests", "/requests", (By.ID, "request-form"))
    check("the demo requests are listed", len(driver.find_elements(By.CSS_SELECTOR, "#requests tbody tr")) == 3,
          text_of("requests"))
    driver.find_element(By.ID, "request-title").send_keys("既有住宅增设电梯与老旧院落改造情况表")
    driver.find_element(By.ID, "request-submit").click()
    wait.until(lambda d: text_of("request-msg") not in ("", "提交中…"))
    check("a request without its members is refused with each named", "bad" in driver.find_element(By.ID, "request-authority").get_attribute("class"),
          text_of("request-msg"))
    console("filing an incomplete request", expected=[("/api/v1/requests", 422)])
    driver.find_element(By.ID, "request-authority").send_keys("成都市住房和城乡建设局")
    driver.find_element(By.ID, "request-reason").send_keys("按季掌握加装电梯和老旧院落改造进度")
    driver.find_element(By.ID, "request-basis").send_keys("市政府民生实事工作方案")
    Select(driver.find_element(By.ID, "request-frequency")).select_by_value("quarter")
    driver.find_element(By.ID, "request-file").send_keys(xlsx)
    driver.find_element(By.ID, "request-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "request-review")))
    settle()
    request_path = urllib.parse.urlparse(driver.current_url).path
    # ZJ31, imported from the same form above, is published by now: its columns are collected.
    check("the request opens with its review", re.fullmatch(r"/requests/\d+", request_path) is not None
          and text_of("review-columns") == "17" and int(text_of("review-collected")) + int(text_of("review-new")) >= 17,
          f"{request_path} {text_of('request-review')}")
    check("the mapping says which collected columns a department supplies", "由 " in text_of("request-mapping")
          and "提供" in text_of("request-mapping"), text_of("request-mapping")[:300])
    console("filing a request")
    visit("requester /requests/{id}", request_path, (By.ID, "request-review"))
    logout("zhujian")

    login("admin", "admin123")
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    visit("admin /requests", "/requests", (By.ID, "requests"))
    visit("admin /requests/{id}", request_path, (By.ID, "decision"))
    wait.until(lambda d: "发布预览" in text_of("decision-preview"))
    check("the office sees the publication's preview beside the review and the draft", "一年填报" in text_of("decision-preview")
          and "新增报表" in text_of("decision-preview"), text_of("decision-preview"))
    driver.find_element(By.ID, "decision-reason").send_keys("电梯台数已由社区填报, 请去掉重复栏目")
    driver.find_element(By.ID, "decision-return").click()
    wait.until(lambda d: "已退回" in text_of("request-status"))
    console("returning a request")
    logout("admin")

    login("zhujian")
    wait.until(EC.presence_of_element_located((By.ID, "request-form")))
    driver.get(base + request_path)
    wait.until(EC.presence_of_element_located((By.ID, "revise-form")))
    check("the returned request shows the office's reason", "请去掉重复栏目" in text_of("request-history"), text_of("request-history"))
    driver.find_element(By.ID, "revise-file").send_keys(xlsx)
    driver.find_element(By.ID, "revise-submit").click()
    wait.until(lambda d: "待审" in text_of("request-status"))
    console("revising a request")
    logout("zhujian")

    login("admin", "admin123")
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    driver.get(base + request_path)
    wait.until(EC.presence_of_element_located((By.ID, "decision")))
    settle()
    driver.find_element(By.ID, "decision-listed").send_keys("成社准〔2026〕3号")
    driver.find_element(By.ID, "decision-approve").click()
    confirm_box = driver.find_element(By.ID, "decision-confirm-box")
    wait.until(lambda d: confirm_box.is_displayed())
    check("准入 asks in the page before publishing", "确认" in confirm_box.text and "已待审" not in confirm_box.text, confirm_box.text)
    driver.find_element(By.ID, "decision-confirm").click()
    wait.until(lambda d: "已准入" in text_of("request-status"))
    check("the admitted request carries its number", "成社准〔2026〕3号" in text_of("request-info"), text_of("request-info"))
    console("admitting a request")
    visit("admin /burden", "/burden?year=2023", (By.ID, "burden-chart"))
    bars = driver.find_elements(By.CSS_SELECTOR, "#burden-chart rect.typed")
    check("the burden chart has a bar a month and June's minutes", len(bars) == 12
          and "分钟" in driver.find_element(By.CSS_SELECTOR, "#burden-months tbody tr:nth-child(6)").text,
          driver.find_element(By.ID, "burden-months").text[:300])
    july_row = driver.find_element(By.CSS_SELECTOR, "#burden-months tbody tr:nth-child(7)").text
    check("July's form, typed in this browser, was timed as it was filled", "分钟" in july_row and "手工" in july_row, july_row)
    logout("admin")

    # A community sees the 清单: the admitted report with its number, the others 清单外.
    login("c001001")
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    visit("filler /listing", "/listing", (By.ID, "listing-reports"))
    listing = text_of("listing-reports")
    check("the 清单 shows the admitted report and the ones never admitted", "成社准〔2026〕3号" in listing and "成社准〔2023〕2号" in listing
          and "清单外" in listing, listing[:400])
    logout("c001001")

    # Offline: 报恩寺社区's filler opens July's form at phone width, fills it from June, the network
    # drops, she changes 常住人口 and presses 上报; the page says it waits; opened again without a
    # network it comes back from the service worker with her value; when the network returns the
    # form is submitted with every value.
    proxy = Proxy(port)
    pbase = f"http://127.0.0.1:{proxy.port}"
    resize(PHONE)
    driver.get(pbase + "/login")
    driver.find_element(By.ID, "username").send_keys("c003001")
    driver.find_element(By.ID, "password").send_keys("demo1234")
    driver.find_element(By.ID, "login").click()
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    offline_form = "/form/510104003001?month=2023-07"
    driver.get(pbase + offline_form)
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        navigator.serviceWorker.ready.then(() => done(true), e => done(String(e)));""")
    driver.refresh()  # now through the worker, which keeps the page
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    controlled = driver.execute_script("return !!navigator.serviceWorker.controller")
    check("the form's page is controlled by the service worker", controlled)
    manifest = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/manifest.webmanifest').then(r => r.json()).then(m => done([m.name, m.start_url, m.display]), e => done(String(e)));""")
    check("the app has a manifest", manifest == ["报表通", "/", "standalone"], str(manifest))
    # A deployment changes a static file's hash: the worker keeps the new copy and forgets the old.
    files = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        (async () => {
          const script = [...document.scripts].map(s => new URL(s.src, location.href).pathname).find(p => /^\/static\/bbt\.[0-9a-f]{12}\.js$/.test(p));
          const cache = await caches.open('bbt-files-v1');
          await cache.put('/static/bbt.000000000000.js', new Response('// an older deployment'));
          await cache.delete(script);
          await fetch(script);
          done([script, (await cache.keys()).map(r => new URL(r.url).pathname).filter(p => p.startsWith('/static/bbt.'))]);
        })().catch(e => done(String(e)));""")
    check("a new static file replaces its older version in the worker's cache",
          isinstance(files, list) and files[1] == [files[0]], str(files))
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/units/510104003001/forms/2023-06', {credentials: 'same-origin'}).then(r => r.json()).then(june => {
          for (const el of document.querySelectorAll('[data-field]')) {
            const v = june.values[el.dataset.field];
            if (el.value.trim() === '' && v !== undefined && v !== null) el.value = String(v);
          }
          done(true);
        }).catch(e => done(String(e)));""")
    pop = driver.find_element(By.ID, "f-pop_resident")
    typed = str(int(float(pop.get_attribute("value") or "1000")) + 3)
    driver.get_log("browser")
    proxy.cut()
    pop.clear()
    pop.send_keys(typed)
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: "离线" in text_of("msg"))
    check("上报 without a network is kept on the device and said so", "联网后自动上报" in text_of("msg")
          and driver.find_element(By.ID, "offline").is_displayed() and "离线" in text_of("offline"), f"{text_of('msg')} | {text_of('offline')}")
    driver.refresh()
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    from_worker = driver.execute_script("const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd - n.startTime, n.domContentLoadedEventEnd - n.startTime]")
    print(f"     the form from the service worker, offline, at phone width: response {from_worker[0]:.0f} ms, DOMContentLoaded {from_worker[1]:.0f} ms")
    check("offline, the form's page comes from the service worker in < 200 ms", from_worker[1] < 200, str(from_worker))
    check("opened again offline, the form comes from the service worker with what was typed",
          driver.find_element(By.ID, "f-pop_resident").get_attribute("value") == typed and "离线" in text_of("offline"),
          f"{driver.find_element(By.ID, 'f-pop_resident').get_attribute('value')} vs {typed}; {text_of('offline')}")
    driver.get_log("browser")  # the failed requests while cut, on purpose
    proxy.restore()
    WebDriverWait(driver, 30).until(lambda d: "已上报" in text_of("status"))
    settle()
    stored = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/units/510104003001/forms/2023-07', {credentials: 'same-origin'}).then(r => r.json())
          .then(f => done([f.status, String(f.values.pop_resident)]), e => done(String(e)));""")
    check("back online, the form is submitted with the value typed offline", stored == ["submitted", typed], f"{stored} vs {typed}")
    check("nothing waits any more", not driver.find_element(By.ID, "offline").is_displayed() if driver.find_elements(By.ID, "offline") else True)
    driver.get_log("browser")
    resize(DESKTOP)
    driver.find_element(By.ID, "logout").click()
    wait.until(lambda d: d.current_url.endswith("/login"))
    settle()
    kept = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        setTimeout(() => caches.keys().then(k => done(k), e => done(String(e))), 300);""")
    check("logging out empties the pages the worker kept", "bbt-pages-v1" not in kept, str(kept))

    # The first load on a slow 3G link (400 kbit/s, 400 ms), on an origin the worker has never seen.
    slow = Proxy(port)
    sbase = f"http://127.0.0.1:{slow.port}"
    resize(PHONE)
    driver.get(sbase + "/login")
    driver.find_element(By.ID, "username").send_keys("c003003")
    driver.find_element(By.ID, "password").send_keys("demo1234")
    # Throttled from the log-in on: the filler's home is her form, loaded before any worker exists
    # for this origin (a worker's own fetches would escape the page's throttling).
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
                                                                 "uploadThroughput": 400 * 1000 / 8})
    driver.find_element(By.ID, "login").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    first = driver.execute_script("""const n = performance.getEntriesByType('navigation')[0];
        const bytes = performance.getEntriesByType('resource').reduce((a, r) => a + (r.transferSize || 0), n.transferSize || 0);
        return [n.loadEventEnd - n.startTime, bytes];""")
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    print(f"     the form's first load on slow 3G at phone width: {first[0]:.0f} ms, {first[1]} bytes")
    check("the form's first load on slow 3G takes < 3 s", first[0] < 3000, str(first))
    driver.get_log("browser")
    driver.find_element(By.ID, "logout").click()
    wait.until(lambda d: d.current_url.endswith("/login"))

    # A conflict: 沙河堡社区's July form is edited offline on the phone while someone saves it from
    # another computer. Back online, a field only the other save changed takes its value, one only
    # the phone changed keeps the phone's, and one both changed is shown with both values to choose.
    def api(method, path, body=None, token=None):
        request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
        try:
            with urllib.request.urlopen(request) as r:
                return r.status, json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode("utf-8") or "{}")

    resize(PHONE)
    driver.get(pbase + "/login")
    driver.find_element(By.ID, "username").send_keys("c003002")
    driver.find_element(By.ID, "password").send_keys("demo1234")
    driver.find_element(By.ID, "login").click()
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    conflict_form = "/api/v1/units/510104003002/forms/2023-07"
    driver.get(pbase + "/form/510104003002?month=2023-07")
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    settle()
    proxy.cut()
    for field, value in (("pop_resident", "5001"), ("households", "2001")):
        box = driver.find_element(By.ID, f"f-{field}")
        box.clear()
        box.send_keys(value)
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: "离线" in text_of("msg"))
    # Meanwhile, from another computer: 常住人口 and 户籍人口总数 saved differently.
    _, other = api("POST", "/api/v1/login", {"username": "c003002", "password": "demo1234"})
    status, _ = api("PUT", conflict_form, {"values": {"pop_resident": 5002, "pop_floating": 77}, "version": 0}, token=other["token"])
    check("another computer saves the form meanwhile", status == 200, str(status))
    driver.get_log("browser")
    proxy.restore()
    WebDriverWait(driver, 30).until(lambda d: driver.find_element(By.ID, "conflict").is_displayed())
    conflict = text_of("conflict")
    check("back online, the field both changed is shown with both values", "5001" in conflict and "5002" in conflict
          and "户数" not in conflict and "流动人口" not in conflict, conflict)
    driver.find_element(By.ID, "conflict-pop_resident-mine").click()
    driver.find_element(By.ID, "conflict-save").click()
    wait.until(lambda d: "已保存草稿" in text_of("msg"))
    _, saved = api("GET", conflict_form, token=other["token"])
    values = saved.get("values", {})
    check("the choice is stored, the phone's own change kept and the other save's kept too",
          str(values.get("pop_resident")) == "5001" and str(values.get("households")) == "2001" and str(values.get("pop_floating")) == "77",
          str({k: values.get(k) for k in ("pop_resident", "households", "pop_floating")}))
    driver.get_log("browser")
    resize(DESKTOP)
    driver.find_element(By.ID, "logout").click()
    wait.until(lambda d: d.current_url.endswith("/login"))
except Exception:
    # A step that could not go on (an element that never came, a timeout): one failure, and the
    # summary line still printed.
    traceback.print_exc()
    failed += 1
finally:
    if driver:
        driver.quit()
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(work, ignore_errors=True)

print(f"browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
