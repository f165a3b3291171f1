"""The pages for one's own API tokens and two-factor login."""

from django_otp import DEVICE_ID_SESSION_KEY
from knox.models import AuthToken

from luoshi.accounts import services
from luoshi.accounts.models import SecurityEvent, SecurityEventKind


def test_the_token_page_lists_only_my_tokens_with_dates(client_as, user):
    services.issue_token(user("deputy1"))
    services.issue_token(user("head"))
    page = client_as("deputy1").get("/accounts/tokens/").content.decode()
    mine = AuthToken.objects.get(user__username="deputy1")
    other = AuthToken.objects.get(user__username="head")
    assert mine.token_key[:8] in page and other.token_key[:8] not in page
    assert "失效时间" in page and "30天后自动失效" in page


def test_revoke_one_token_then_all(client_as, user):
    for _ in range(3):
        services.issue_token(user("deputy1"))
    client = client_as("deputy1")
    key = AuthToken.objects.filter(user__username="deputy1").first().token_key
    client.post("/accounts/tokens/", {"token": key})
    assert AuthToken.objects.filter(user__username="deputy1").count() == 2
    client.post("/accounts/tokens/", {"all": "1"})
    assert not AuthToken.objects.filter(user__username="deputy1").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED, username="deputy1").count() == 2


def test_someone_elses_token_cannot_be_revoked_from_my_page(client_as, user):
    services.issue_token(user("head"))
    key = AuthToken.objects.get(user__username="head").token_key
    response = client_as("deputy1").post("/accounts/tokens/", {"token": key}, follow=True)
    assert "令牌不存在或已失效" in response.content.decode()
    assert AuthToken.objects.filter(user__username="head").exists()


def test_two_factor_page_offers_enrolment_to_a_business_user(client_as):
    page = client_as("gb1-staff").get("/accounts/two-factor/").content.decode()
    assert "普通用户可自愿启用" in page and "<svg" in page and "启用两步验证" in page


def test_a_wrong_code_on_the_enrol_page_says_so(client_as, user):
    client = client_as("gb1-staff")
    client.get("/accounts/two-factor/")  # shows the QR code of a pending device
    page = client.post("/accounts/two-factor/", {"action": "enrol", "code": "000000"}).content.decode()
    assert "验证码不正确" in page and "<svg" in page
    assert not user("gb1-staff").totpdevice_set.filter(confirmed=True).exists()


def test_an_enrolled_user_sees_the_status_and_can_renew_codes(client_as, user, enrolled, code_for):
    device, old = enrolled(user("gb1-staff"))
    client = client_as("gb1-staff")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert "已启用" in client.get("/accounts/two-factor/").content.decode()
    page = client.post(
        "/accounts/two-factor/", {"action": "codes", "code": code_for(device)}
    ).content.decode()
    assert "恢复码（只显示这一次）" in page and old[0] not in page
