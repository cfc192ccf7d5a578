# The app as it runs in production: gunicorn behind a proxy, static files from WhiteNoise.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# collectstatic needs settings but no real secret or database.
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v0
RUN useradd --create-home tracker && mkdir -p /app/private && chown tracker /app/private
USER tracker
EXPOSE 8000
CMD ["gunicorn", "kirklees_tracker.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
