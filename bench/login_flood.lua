-- The same login form with a wrong password, over and over (GH_BODY, GH_COOKIE).
wrk.method = "POST"
wrk.body = os.getenv("GH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("GH_COOKIE")
