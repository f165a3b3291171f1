import pytest
from django_otp.oath import TOTP


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def enrolled():
    """Enrol a user's TOTP device as its holder would; returns (device, recovery codes, a code-maker)."""
    from luoshi.accounts import twofactor

    def enrol(user):
        device = twofactor.pending_device(user)
        codes = twofactor.enrol(user, code=current_code(device))
        device.refresh_from_db()
        device.last_t = -1  # the next code of this 30 s step may be used again in the test
        device.save(update_fields=["last_t"])
        return device, codes

    return enrol


@pytest.fixture
def code_for():
    return current_code
