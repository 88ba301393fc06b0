-- wrk script: POST a 50 MB body (the fixture's /upload reads it and answers its length).
wrk.method = "POST"
wrk.body = string.rep("u", 50 * 1000 * 1000)
wrk.headers["Content-Type"] = "application/octet-stream"
