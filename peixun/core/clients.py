"""Who is asking: the client's address, the same for login lockouts and rate limits."""

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address: the connection's own, or behind PEIXUN_PROXY_COUNT proxies the address
    the outermost of them saw (the N-th from the right in X-Forwarded-For; those further left are the
    client's own claims and could be anything)."""
    proxies = settings.PEIXUN_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
