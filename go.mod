module github.com/parallax-news/parallax

go 1.26.8
