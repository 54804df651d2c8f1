SECRET_KEY = "change-me"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "mysite.urls"
