# Read by the `flask` command in this checkout only (python-dotenv); variables
# already set in the environment win. Production servers load wsgi.py directly
# and must set PORTAL_ENV=production and PORTAL_SECRET_KEY themselves.
FLASK_APP=wsgi
PORTAL_ENV=development
