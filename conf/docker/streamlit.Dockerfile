# The example Streamlit app (examples/hello) with a pinned Streamlit.
FROM python:3.11-slim
RUN pip install --no-cache-dir streamlit==1.64.0
WORKDIR /app
COPY examples/hello/ /app/
EXPOSE 8501
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address", "0.0.0.0", "--server.port", "8501", "--browser.gatherUsageStats", "false"]
