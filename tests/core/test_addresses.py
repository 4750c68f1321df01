"""Which addresses a phone cannot open, and the short address on the beamer."""

import pytest

from dia_scan.core.addresses import host_of, is_local, short_address


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8501",
        "http://127.0.1.1:8501/meedoen",
        "http://localhost:8501",
        "http://LOCALHOST",
        "http://app.localhost:8501",
        "http://[::1]:8501",
        "http://0.0.0.0:8501",
        "",
    ],
)
def test_addresses_only_this_computer_can_open(url):
    assert is_local(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.20:8501",
        "https://scan.gemeente.nl",
        "http://10.0.0.5:8501/meedoen",
        "http://[fe80::1]",
    ],
)
def test_addresses_a_phone_may_open(url):
    assert not is_local(url)


@pytest.mark.parametrize(
    ("url", "short"),
    [
        ("http://192.168.1.20:8501/meedoen?code=KX7M4RPA", "192.168.1.20:8501/meedoen"),
        ("https://www.diascan.nl/meedoen", "diascan.nl/meedoen"),
        ("https://scan.gemeente.nl/", "scan.gemeente.nl"),
    ],
)
def test_short_address(url, short):
    assert short_address(url) == short


def test_host_of_a_url_without_scheme():
    assert host_of("scan.gemeente.nl:8501/meedoen") == "scan.gemeente.nl"
