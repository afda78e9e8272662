#!/usr/bin/env python3
"""The web interface as people use it, in headless Chromium (Debian's chromium, chromium-driver,
python3-selenium): a filler logs in, sees an inline error, fills and submits June; a reviewer sees
the form submitted and downloads a merged XLSX, which openpyxl reads.

    python3 Tests/Browser/browser_test.py [path/to/bbt] [--screenshot docs/form.png]
"""
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BBT = next((a for a in sys.argv[1:] if not a.startswith("--") and not a.endswith(".png")), ".build/debug/bbt")
SHOT = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
passed = failed = 0


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


work = tempfile.mkdtemp(prefix="bbt-browser-")
port = free_port()
server = subprocess.Popen([BBT, "serve", "--db", os.path.join(work, "bbt.sqlite"), "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=zh-CN"):
        options.add_argument(a)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 15)

    def login(user, password="demo1234"):
        driver.get(base + "/login")
        driver.find_element(By.ID, "username").send_keys(user)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login").click()

    # The filler of 王家坝社区, whose June is not yet submitted.
    login("c002003")
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    check("the filler lands on June's form", "2023年6月" in driver.title, driver.title)
    pop = driver.find_element(By.ID, "f-pop_resident")
    check("carried values are pre-filled", pop.get_attribute("value") != "")
    pop.clear()
    pop.send_keys("-1")
    driver.find_element(By.ID, "save").click()
    error = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#row-pop_resident .err")))
    wait.until(lambda d: error.text != "")
    check("an inline error shows next to the field", "不能小于 0" in error.text, error.text)
    check("the row is marked", "bad" in driver.find_element(By.ID, "row-pop_resident").get_attribute("class"))
    if SHOT:
        driver.save_screenshot(SHOT)

    pop.clear()
    pop.send_keys("7200")
    for el in driver.find_elements(By.CSS_SELECTOR, "input[data-type=number]"):
        if el.get_attribute("value") == "":
            el.send_keys("0")
    for el in driver.find_elements(By.CSS_SELECTOR, "select[data-field]"):
        if el.get_attribute("value") == "":
            el.find_elements(By.TAG_NAME, "option")[1].click()
    driver.find_element(By.ID, "submit").click()
    wait.until(lambda d: d.find_element(By.ID, "status").text == "已上报")
    check("the form is submitted", driver.find_element(By.ID, "status").text == "已上报")

    # The street office sees it and downloads the street's merged report.
    driver.delete_all_cookies()
    login("street2")
    row = wait.until(EC.presence_of_element_located((By.ID, "unit-510104002003")))
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
    check("the late community's June values are in it", late is not None and late[2] == 7200, str(late))
    total = next((r for r in rows if r[0] == "合计"), None)
    check("it has a 合计 row", total is not None and isinstance(total[2], (int, float)), str(total))
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
