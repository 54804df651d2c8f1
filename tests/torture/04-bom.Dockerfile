FROM python:3.12
COPY . /app
CMD ["python", "/app/main.py"]
